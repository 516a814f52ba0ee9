package dev.kinfer.runtime.model;

/** A request named a model this server does not serve. */
public class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String requested, String served) {
        super("model '" + requested + "' is not served here; this server serves '" + served + "'");
    }
}
