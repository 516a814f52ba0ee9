package dev.kinfer.runtime.profile;

import java.util.ArrayList;
import java.util.List;

/**
 * How much the workers' speed wanders over time, from the calls of a saturated point: for a time scale T, the
 * variance of the pod's mean call time over windows of T (relative to the squared mean call), less what
 * independent calls would give. Calls that are independent of each other give about 0 at every scale; a host whose
 * speed moves (other processes, the scheduler, frequency scaling, a shared VM) gives more, and a queue feels it on
 * the time scale it forgets on (docs/planner.md, "Queueing: the calls' drift").
 *
 * <p>Each call belongs to the window holding its midpoint. Per window of T the mean call m_b over all workers' calls
 * in it; the variance of m_b over the windows, less the mean of s_w^2 / n_b (what n_b independent calls spread by,
 * s_w^2 the calls' variance within a window, pooled over the windows), divided by the mean call squared, is the drift
 * at T (at least 0). Scales start at {@link #CALLS_PER_SMALLEST_SCALE} mean calls and double while the span holds
 * {@link #MIN_WINDOWS} windows; where that would make more than {@link #MAX_SCALES}, that many spread evenly (on a log
 * scale) over the same range, so that a fast model's short scales (its queue forgets in milliseconds) are kept as well
 * as a slow one's long ones.
 */
final class SpeedDrift {
    static final int MIN_WINDOWS = 8;
    static final int MAX_SCALES = 10;
    static final double CALLS_PER_SMALLEST_SCALE = 4;

    /** The drift at one time scale: {@code variance} of the mean call over windows of {@code seconds}. */
    record Scale(double seconds, double variance) {
    }

    private SpeedDrift() {
    }

    /**
     * @param starts    per worker, each call's start (nanos, any origin shared by all workers)
     * @param durations per worker, each call's duration (nanos), in the order of {@code starts}
     * @param from      start of the measured span (nanos, same origin)
     * @param to        end of the measured span
     * @return the scales that fit, shortest first; empty when the span holds fewer than {@link #MIN_WINDOWS}
     *         windows of the smallest scale
     */
    static List<Scale> measure(long[][] starts, long[][] durations, long from, long to) {
        double sum = 0;
        long count = 0;
        for (long[] worker : durations) {
            for (long d : worker) {
                sum += d;
                count++;
            }
        }
        if (count < 2 || to <= from) {
            return List.of();
        }
        double mean = sum / count;
        double span = to - from;
        double smallest = CALLS_PER_SMALLEST_SCALE * mean;
        double largest = span / MIN_WINDOWS;
        if (largest < smallest) {
            return List.of();
        }
        // doubling from the smallest to the largest, or, where more than MAX_SCALES doublings fit, MAX_SCALES scales
        // spread evenly over the same range on a log scale
        int scales = Math.min(MAX_SCALES, 1 + (int) Math.floor(Math.log(largest / smallest) / Math.log(2)));
        double step = scales == MAX_SCALES ? Math.pow(largest / smallest, 1.0 / (scales - 1)) : 2;
        List<Scale> out = new ArrayList<>();
        double t = smallest;
        for (int i = 0; i < scales; i++, t *= step) {
            double window = Math.min(t, largest);
            out.add(new Scale(window / 1e9, driftAt(starts, durations, from, span, window, mean)));
        }
        return out;
    }

    private static double driftAt(long[][] starts, long[][] durations, long from, double span, double window,
                                  double mean) {
        int windows = (int) (span / window);
        double[] sums = new double[windows];
        double[] squares = new double[windows];
        int[] counts = new int[windows];
        for (int w = 0; w < starts.length; w++) {
            for (int i = 0; i < starts[w].length; i++) {
                double midpoint = starts[w][i] - from + durations[w][i] / 2.0;
                int b = (int) Math.floor(midpoint / window);
                if (b >= 0 && b < windows) {
                    double d = durations[w][i];
                    sums[b] += d;
                    squares[b] += d * d;
                    counts[b]++;
                }
            }
        }
        // the calls' own spread: their variance within a window, pooled over the windows
        double within = 0;
        double degrees = 0;
        double n = 0;
        double meanOfMeans = 0;
        for (int b = 0; b < windows; b++) {
            if (counts[b] > 0) {
                n++;
                meanOfMeans += sums[b] / counts[b];
                within += squares[b] - sums[b] * sums[b] / counts[b];
                degrees += counts[b] - 1;
            }
        }
        if (n < 2 || degrees <= 0) {
            return 0;
        }
        meanOfMeans /= n;
        within /= degrees;
        double spread = 0;
        double noise = 0;
        for (int b = 0; b < windows; b++) {
            if (counts[b] > 0) {
                double d = sums[b] / counts[b] - meanOfMeans;
                spread += d * d;
                noise += within / counts[b];
            }
        }
        spread /= n - 1;
        noise /= n;
        return Math.max(0, (spread - noise) / (mean * mean));
    }
}
