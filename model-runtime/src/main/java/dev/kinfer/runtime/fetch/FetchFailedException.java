package dev.kinfer.runtime.fetch;

/**
 * One download attempt failed. The message names the URI and what went wrong (the HTTP status, the checksum expected
 * and got, the size limit). {@link #retryable()} says whether another attempt may succeed: connection errors,
 * timeouts, 5xx and 429 may; 4xx, a checksum mismatch or a file over the size limit will not.
 */
public class FetchFailedException extends RuntimeException {
    private final boolean retryable;
    private final int httpStatus;

    public FetchFailedException(String message, boolean retryable) {
        this(message, retryable, 0);
    }

    public FetchFailedException(String message, boolean retryable, int httpStatus) {
        super(message);
        this.retryable = retryable;
        this.httpStatus = httpStatus;
    }

    public boolean retryable() {
        return retryable;
    }

    /** The HTTP status the server answered, 0 when the failure was not an HTTP answer. */
    public int httpStatus() {
        return httpStatus;
    }
}
