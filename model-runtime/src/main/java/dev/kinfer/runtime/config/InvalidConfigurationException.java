package dev.kinfer.runtime.config;

/** The runtime's environment cannot work; thrown at start so the process fails instead of serving. */
public class InvalidConfigurationException extends RuntimeException {
    public InvalidConfigurationException(String message) {
        super(message);
    }

    public InvalidConfigurationException(String message, Throwable cause) {
        super(message, cause);
    }
}
