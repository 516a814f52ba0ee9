package dev.kinfer.runtime.profile;

/**
 * Turns raw memory readings into the profile's figures, so that {@code contextMiB + memoryMiB} is what
 * the process used at a point (docs/planner.md, "What memoryMiB must mean"):
 *
 * <pre>
 * contextMiB = used after the engine is loaded, before the model
 * weightsMiB = used after loading the model - contextMiB, or the file size when that delta is below NOISE_MIB
 * memoryMiB  = max(peak used during the point - contextMiB, weightsMiB)
 * </pre>
 *
 * The delta is "noise" when it is smaller than {@link #NOISE_MIB}: class loading, JIT and allocator arenas
 * move RSS by a few MiB on their own, so a small model's delta says nothing about its weights and its file
 * size is the better estimate. The clamp keeps the planner's invariant that a point holds one weight copy
 * (RSS can shrink when the allocator returns pages between points).
 *
 * @param weightsFromFile true when weightsMiB is the file size, not a measured delta
 */
public record MemoryAccounting(double contextMiB, double weightsMiB, boolean weightsFromFile) {
    public static final double NOISE_MIB = 8;
    static final double MIB = 1024.0 * 1024.0;

    public static MemoryAccounting of(long beforeModelBytes, long afterModelBytes, long modelFileBytes) {
        double context = beforeModelBytes / MIB;
        double delta = (afterModelBytes - beforeModelBytes) / MIB;
        if (delta < NOISE_MIB) {
            return new MemoryAccounting(context, modelFileBytes / MIB, true);
        }
        return new MemoryAccounting(context, delta, false);
    }

    /** A point's memoryMiB from the peak it reached. */
    public double pointMiB(long peakBytes) {
        return Math.max(peakBytes / MIB - contextMiB, weightsMiB);
    }
}
