package dev.kinfer.operator.planner;

import java.util.Comparator;
import java.util.List;

/**
 * The measured points of one worker count, as functions of the batch size k: piecewise linear between measured
 * batches, flat below the smallest (a smaller batch never costs more), and continued along the last segment above
 * the largest. The mean call time is made non-decreasing in k so that a larger batch never looks faster.
 */
final class BatchCurve implements ServiceCurve {

    final int workers;
    private final double[] batches;
    private final double[] meanServiceMillis;
    private final double[] tailRatio;
    private final double[] memoryMiB;

    BatchCurve(int workers, List<ProfilePoint> pointsOfThisWorkerCount) {
        List<ProfilePoint> sorted = pointsOfThisWorkerCount.stream()
                .sorted(Comparator.comparingInt(ProfilePoint::batch)).toList();
        int n = sorted.size();
        this.workers = workers;
        batches = new double[n];
        meanServiceMillis = new double[n];
        tailRatio = new double[n];
        memoryMiB = new double[n];
        double runningMax = 0;
        for (int i = 0; i < n; i++) {
            ProfilePoint p = sorted.get(i);
            batches[i] = p.batch();
            // With w workers busy, each call takes w*b/throughput on average (Little's law on a saturated pod).
            runningMax = Math.max(runningMax, 1000.0 * workers * p.batch() / p.throughputPerSecond());
            meanServiceMillis[i] = runningMax;
            tailRatio[i] = p.p99Millis() / p.p50Millis();
            memoryMiB[i] = p.memoryMiB();
        }
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public double meanServiceMillis(double k) {
        return Math.max(interpolate(meanServiceMillis, k, true), meanServiceMillis[0] * 1e-3);
    }

    @Override
    public double tailRatio(double k) {
        // Kept in [1, 6]: a shifted exponential cannot have p99/p50 above ln(100)/ln(2) = 6.6.
        return Math.min(6.0, Math.max(1.0, interpolate(tailRatio, k, false)));
    }

    @Override
    public double memoryMiB(double k) {
        return Math.max(memoryMiB[0], interpolate(memoryMiB, k, true));
    }

    int largestMeasuredBatch() {
        return (int) batches[batches.length - 1];
    }

    List<Integer> measuredBatches() {
        return java.util.Arrays.stream(batches).mapToObj(b -> (int) b).toList();
    }

    /** proportional: how to extend a single measured batch upwards (time and memory grow with k, a ratio does not). */
    private double interpolate(double[] values, double k, boolean proportional) {
        int n = batches.length;
        if (k <= batches[0]) {
            return values[0];
        }
        if (n == 1) {
            return proportional ? values[0] * k / batches[0] : values[0];
        }
        int hi = 1;
        while (hi < n - 1 && batches[hi] < k) {
            hi++;
        }
        int lo = hi - 1;
        double t = (k - batches[lo]) / (batches[hi] - batches[lo]);
        return values[lo] + t * (values[hi] - values[lo]);
    }
}
