package dev.kinfer.operator.planner;

/** Numbers the user fixed; null means "planned". Ranges match the API's validation. */
public record Pins(Integer workers, Integer maxBatchSize, Integer maxBatchDelayMillis) {

    public static final Pins NONE = new Pins(null, null, null);

    public Pins {
        Validation.require(workers == null || (workers >= 1 && workers <= 256), "pins.workers", workers, "1 to 256");
        Validation.require(maxBatchSize == null || (maxBatchSize >= 1 && maxBatchSize <= 4096), "pins.maxBatchSize",
                maxBatchSize, "1 to 4096");
        Validation.require(maxBatchDelayMillis == null || (maxBatchDelayMillis >= 0 && maxBatchDelayMillis <= 10000),
                "pins.maxBatchDelayMillis", maxBatchDelayMillis, "0 to 10000");
    }

    public boolean any() {
        return workers != null || maxBatchSize != null || maxBatchDelayMillis != null;
    }
}
