package dev.kinfer.runtime.api;

/** The server failed a request it should have been able to serve (500); details are in the log. */
public class InferenceFailedException extends RuntimeException {
    public InferenceFailedException(Throwable cause) {
        super("inference failed on the server: " + cause.getClass().getSimpleName(), cause);
    }
}
