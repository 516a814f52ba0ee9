package dev.kinfer.runtime.fetch;

/**
 * One download attempt failed. The message names the URI and what went wrong (the HTTP status, the checksum expected
 * and got, the size limit). {@link #retryable()} says whether another attempt may succeed: connection errors,
 * timeouts, 5xx and 429 may; 4xx, a checksum mismatch or a file over the size limit will not.
 */
public class FetchFailedException extends RuntimeException {
    private final boolean retryable;

    public FetchFailedException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
