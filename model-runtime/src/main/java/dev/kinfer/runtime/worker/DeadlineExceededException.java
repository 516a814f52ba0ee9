package dev.kinfer.runtime.worker;

/** A request's deadline passed while it waited in the queue; its work was skipped (504). */
public class DeadlineExceededException extends RuntimeException {
    public DeadlineExceededException(long timeoutMillis) {
        super("the request's deadline of " + timeoutMillis + " ms passed while it waited in the queue; it was not run."
                + " Raise the timeout parameter or Kinfer-Timeout-Ms, or retry when the server is less busy");
    }
}
