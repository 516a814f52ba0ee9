package dev.kinfer.runtime.fetch;

/** The command line is wrong. The message names the option and what it expects. Exit code 2. */
public class FetchUsageException extends RuntimeException {
    public FetchUsageException(String message) {
        super(message);
    }
}
