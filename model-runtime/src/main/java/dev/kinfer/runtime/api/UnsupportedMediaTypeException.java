package dev.kinfer.runtime.api;

/** The request's Content-Type is not one the endpoint reads (415). */
public class UnsupportedMediaTypeException extends InvalidRequestException {
    public UnsupportedMediaTypeException(String got, String expected) {
        super("Content-Type '" + got + "' is not accepted here; expected " + expected);
    }
}
