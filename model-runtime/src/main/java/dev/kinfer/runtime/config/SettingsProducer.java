package dev.kinfer.runtime.config;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Turns the raw mapping into validated settings once, so every bean sees the same checked values. */
public class SettingsProducer {

    @Produces
    @Singleton
    RuntimeSettings settings(KinferConfig config) {
        return RuntimeSettings.from(config);
    }
}
