package dev.kinfer.runtime.model;

/** The model cannot take requests yet (still loading or warming up) or any more (shutting down). */
public class ModelNotReadyException extends RuntimeException {
    public ModelNotReadyException(String message) {
        super(message);
    }
}
