package dev.kinfer.e2e.bench;

import java.util.Map;
import java.util.TreeMap;

/**
 * Quantiles of a Prometheus histogram over an interval: the difference of two scrapes' cumulative {@code _bucket}
 * counts, read by linear interpolation inside the bucket that holds the quantile (what PromQL's histogram_quantile
 * does). The rig uses it to read the runtime's served call, queue wait and request latency over exactly a measured
 * window, beside the client's figures.
 */
final class BucketQuantiles {
    /** Upper bound (seconds) to cumulative count, over the interval. */
    private final TreeMap<Double, Double> cumulative;

    private BucketQuantiles(TreeMap<Double, Double> cumulative) {
        this.cumulative = cumulative;
    }

    /**
     * The buckets of the series whose line starts with {@code series} (e.g. {@code kinfer_inference_seconds_bucket{}
     * or {@code kinfer_requests_seconds_bucket{endpoint="v2_infer",status="200",}), {@code after} less {@code before}.
     */
    static BucketQuantiles between(String before, String after, String series) {
        Map<Double, Double> start = buckets(before, series);
        TreeMap<Double, Double> delta = new TreeMap<>();
        buckets(after, series).forEach((le, count) -> delta.put(le, count - start.getOrDefault(le, 0.0)));
        return new BucketQuantiles(delta);
    }

    /** Observations in the interval. */
    double count() {
        return cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
    }

    /** The q-quantile in seconds (NaN without observations; the last finite bound when it lies in the +Inf bucket). */
    double quantile(double q) {
        double total = count();
        if (total <= 0) {
            return Double.NaN;
        }
        double rank = q * total;
        double lowerBound = 0;
        double lowerCount = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= rank) {
                if (Double.isInfinite(bucket.getKey())) {
                    return lowerBound;
                }
                double inBucket = bucket.getValue() - lowerCount;
                return lowerBound + (bucket.getKey() - lowerBound) * (inBucket <= 0 ? 1 : (rank - lowerCount) / inBucket);
            }
            lowerBound = bucket.getKey();
            lowerCount = bucket.getValue();
        }
        return lowerBound;
    }

    private static Map<Double, Double> buckets(String exposition, String series) {
        Map<Double, Double> buckets = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (!line.startsWith(series)) {
                continue;
            }
            int le = line.indexOf("le=\"", series.length() - 1);
            if (le < 0) {
                continue;
            }
            String bound = line.substring(le + 4, line.indexOf('"', le + 4));
            double upper = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
            buckets.put(upper, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        }
        return buckets;
    }
}
