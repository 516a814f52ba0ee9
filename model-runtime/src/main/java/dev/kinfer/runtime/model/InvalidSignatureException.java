package dev.kinfer.runtime.model;

import dev.kinfer.runtime.config.InvalidConfigurationException;

/** The signature from configuration or the sidecar file cannot be used. */
public class InvalidSignatureException extends InvalidConfigurationException {
    public InvalidSignatureException(String message) {
        super(message);
    }
}
