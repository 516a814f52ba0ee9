package dev.kinfer.runtime.profile;

/**
 * The command line (or what it points at: the model file, the signature) is wrong. The message is
 * the one line printed on stderr; it names the option and what it expects. Exit code 2.
 */
public class ProfileUsageException extends RuntimeException {
    public ProfileUsageException(String message) {
        super(message);
    }
}
