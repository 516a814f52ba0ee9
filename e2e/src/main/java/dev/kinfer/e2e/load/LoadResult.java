package dev.kinfer.e2e.load;

import org.HdrHistogram.Histogram;

/**
 * The outcome of one load run. Latencies are in microseconds; in an open-loop run they are measured
 * from when each request was due, not from when it was sent, so a stalled server cannot hide
 * latency by slowing the generator down (coordinated omission).
 */
public record LoadResult(String mode, int connections, double seconds, long ok, long errors, int samplesPerRequest,
                         Histogram latencyMicros) {

    public double requestsPerSecond() {
        return ok / seconds;
    }

    public double samplesPerSecond() {
        return ok * (double) samplesPerRequest / seconds;
    }

    public double percentileMillis(double p) {
        return latencyMicros.getTotalCount() == 0 ? Double.NaN : latencyMicros.getValueAtPercentile(p) / 1000.0;
    }

    @Override
    public String toString() {
        return String.format("%s c=%d: %.1f req/s, %.1f samples/s, p50 %.3f ms, p99 %.3f ms, max %.3f ms, errors %d",
                mode, connections, requestsPerSecond(), samplesPerSecond(), percentileMillis(50), percentileMillis(99),
                latencyMicros.getMaxValue() / 1000.0, errors);
    }
}
