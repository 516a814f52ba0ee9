package dev.kinfer.runtime.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code KINFER_MODEL_COPIES}: whether workers share one copy of the weights or each load their own. */
public enum ModelCopies {
    SHARED, PER_WORKER;

    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<ModelCopies> parse(String value) {
        return Arrays.stream(values()).filter(c -> c.configName().equalsIgnoreCase(value.trim())).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(ModelCopies::configName).collect(Collectors.joining("|"));
    }
}
