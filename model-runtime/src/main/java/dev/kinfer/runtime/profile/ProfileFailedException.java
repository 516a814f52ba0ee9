package dev.kinfer.runtime.profile;

/** Profiling could not finish (the model did not load, a call failed, the output could not be written). Exit code 1. */
public class ProfileFailedException extends RuntimeException {
    public ProfileFailedException(String message) {
        super(message);
    }

    public ProfileFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
