package dev.kinfer.runtime.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Where the operator asked the model to run ({@code KINFER_DEVICE}). */
public enum Device {
    AUTO, CPU, GPU;

    public static Optional<Device> parse(String value) {
        return Arrays.stream(values())
                .filter(d -> d.name().equalsIgnoreCase(value.trim()))
                .findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(d -> d.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining("|"));
    }
}
