package dev.kinfer.operator.planner;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The profile as a surface over (workers, batch). Measured worker counts are read from their points; a worker
 * count between two measured ones blends their throughputs linearly; above the largest measured count the
 * throughput stays flat (more threads did not buy throughput on the measured GPU) while memory keeps growing at
 * the last measured rate per worker.
 */
final class ProfileSurface {

    private final TreeMap<Integer, BatchCurve> curves = new TreeMap<>();

    ProfileSurface(ModelProfile profile) {
        Map<Integer, List<ProfilePoint>> byWorkers = profile.points().stream()
                .collect(Collectors.groupingBy(ProfilePoint::workers));
        byWorkers.forEach((w, points) -> curves.put(w, new BatchCurve(w, points)));
    }

    List<Integer> measuredWorkers() {
        return List.copyOf(curves.keySet());
    }

    List<Integer> measuredBatches(int workers) {
        BatchCurve curve = curves.get(workers);
        return curve == null ? List.of() : curve.measuredBatches();
    }

    int largestMeasuredBatch() {
        return curves.values().stream().mapToInt(BatchCurve::largestMeasuredBatch).max().orElseThrow();
    }

    ServiceCurve curve(int workers) {
        BatchCurve exact = curves.get(workers);
        if (exact != null) {
            return exact;
        }
        Map.Entry<Integer, BatchCurve> below = curves.floorEntry(workers);
        Map.Entry<Integer, BatchCurve> above = curves.ceilingEntry(workers);
        if (below == null) {
            // Fewer workers than ever measured: assume the smallest measured count's per-worker rate.
            BatchCurve low = above.getValue();
            double share = (double) workers / low.workers;
            return blended(workers, k -> low.throughputPerSecond(k) * share, low::tailRatio,
                    k -> low.memoryMiB(k) * share);
        }
        if (above == null) {
            BatchCurve high = below.getValue();
            Map.Entry<Integer, BatchCurve> previous = curves.lowerEntry(high.workers);
            return blended(workers, high::throughputPerSecond, high::tailRatio, k -> {
                double perWorker = previous == null ? high.memoryMiB(k) / high.workers
                        : (high.memoryMiB(k) - previous.getValue().memoryMiB(k)) / (high.workers - previous.getKey());
                return high.memoryMiB(k) + Math.max(0, perWorker) * (workers - high.workers);
            });
        }
        BatchCurve lo = below.getValue();
        BatchCurve hi = above.getValue();
        double t = (double) (workers - lo.workers) / (hi.workers - lo.workers);
        return blended(workers, k -> lerp(lo.throughputPerSecond(k), hi.throughputPerSecond(k), t),
                k -> lerp(lo.tailRatio(k), hi.tailRatio(k), t), k -> lerp(lo.memoryMiB(k), hi.memoryMiB(k), t));
    }

    private static double lerp(double a, double b, double t) {
        return a + t * (b - a);
    }

    private static ServiceCurve blended(int workers, java.util.function.DoubleUnaryOperator throughput,
                                        java.util.function.DoubleUnaryOperator ratio,
                                        java.util.function.DoubleUnaryOperator memory) {
        return new ServiceCurve() {
            @Override
            public int workers() {
                return workers;
            }

            @Override
            public double meanServiceMillis(double k) {
                // Monotone in k because each measured curve's call time is, and throughput is blended per k.
                return 1000.0 * workers * k / throughput.applyAsDouble(k);
            }

            @Override
            public double tailRatio(double k) {
                return ratio.applyAsDouble(k);
            }

            @Override
            public double memoryMiB(double k) {
                return memory.applyAsDouble(k);
            }
        };
    }
}
