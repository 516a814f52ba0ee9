package dev.kinfer.runtime.api;

/**
 * The client sent something this model cannot take. The message names the offending field and
 * what was expected; it is returned to the client as it is, so it must never hold server internals.
 */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String message) {
        super(message);
    }
}
