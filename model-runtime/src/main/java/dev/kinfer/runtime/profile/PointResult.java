package dev.kinfer.runtime.profile;

/**
 * One measured point, unrounded.
 *
 * @param throughputPerSecond samples per second of all workers together
 * @param p50Millis median time of one call (one batch)
 * @param p99Millis 99th percentile time of one call
 * @param memoryMiB see {@link MemoryAccounting#pointMiB}
 * @param calls calls measured (warm-up excluded)
 * @param seconds wall time of the whole point, warm-up and predictor creation included
 * @param cpuSeconds CPU time of the whole process while the calls were measured (NaN when not measured)
 */
public record PointResult(int workers, int batch, double throughputPerSecond, double p50Millis, double p99Millis,
                          double memoryMiB, long calls, double seconds, double cpuSeconds) {

    public PointResult(int workers, int batch, double throughputPerSecond, double p50Millis, double p99Millis,
                       double memoryMiB, long calls, double seconds) {
        this(workers, batch, throughputPerSecond, p50Millis, p99Millis, memoryMiB, calls, seconds, Double.NaN);
    }

    /** Process CPU milliseconds per measured call (NaN when not measured). */
    public double cpuMillisPerCall() {
        return cpuSeconds * 1000 / calls;
    }
}
