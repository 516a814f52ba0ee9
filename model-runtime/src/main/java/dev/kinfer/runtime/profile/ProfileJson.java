package dev.kinfer.runtime.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Writes a profile in the schema of the CRD's {@code ProfileSpec} ({@code source, device, weightsMiB,
 * contextMiB}, the request cost's fields, {@code speedDrift[{seconds, variance}], points[{batch, workers,
 * throughputPerSecond, p50Millis, p99Millis, memoryMiB}]}; the operator fills
 * {@code modelUri}) in at most {@link #LIMIT_BYTES}, the Kubernetes termination-message limit.
 *
 * <p>Numbers are rounded to what the measurement supports: integers from 100 up, one decimal from 10, two from 1,
 * three significant digits below 1. The rounding is monotonic, so p99 >= p50 and memory >= weights survive it.
 * When the points do not fit, the least useful ones are dropped, in this order: (1) points dominated by a point with
 * the same or fewer workers and the same or smaller batch (no more throughput for more latency and memory), the
 * largest first; (2) whole worker counts between the smallest and the largest (the planner interpolates between
 * worker counts), the largest first; (3) the largest-batch point of the largest worker count. Each drop is noted.
 */
public final class ProfileJson {
    public static final int LIMIT_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProfileJson() {
    }

    /** The JSON and the notes about dropped points. */
    public record Rendered(String json, List<String> notes) {
        public int bytes() {
            return json.getBytes(StandardCharsets.UTF_8).length;
        }
    }

    public static Rendered render(String device, MemoryAccounting memory, List<PointResult> measured) {
        return render(device, memory, measured, Optional.empty(), List.of());
    }

    /** As above, with the per-request cost and the calls' speed drift when they were measured. */
    static Rendered render(String device, MemoryAccounting memory, List<PointResult> measured,
                           Optional<RequestCostProbe.Measured> cost, List<SpeedDrift.Scale> drift) {
        List<PointResult> points = new ArrayList<>(measured);
        List<String> notes = new ArrayList<>();
        String json = json(device, memory, cost, drift, points);
        while (size(json) > LIMIT_BYTES && points.size() > 1) {
            notes.add(dropOne(points));
            json = json(device, memory, cost, drift, points);
        }
        return new Rendered(json, notes);
    }

    private static String dropOne(List<PointResult> points) {
        Comparator<PointResult> largest = Comparator.comparingInt((PointResult p) -> p.workers() * p.batch())
                .thenComparingInt(PointResult::workers);
        PointResult dominated = points.stream().filter(p -> isDominated(p, points)).max(largest).orElse(null);
        if (dominated != null) {
            points.remove(dominated);
            return "dropped " + label(dominated) + " to fit " + LIMIT_BYTES + " bytes: dominated by a smaller point";
        }
        List<Integer> counts = points.stream().map(PointResult::workers).distinct().sorted().toList();
        if (counts.size() > 2) {
            int middle = counts.get(counts.size() - 2);
            points.removeIf(p -> p.workers() == middle);
            return "dropped all points with " + middle + " workers to fit " + LIMIT_BYTES + " bytes (the planner"
                    + " interpolates between " + counts.get(counts.size() - 3) + " and " + counts.get(counts.size() - 1) + ")";
        }
        PointResult last = points.stream().max(Comparator.comparingInt(PointResult::workers)
                .thenComparingInt(PointResult::batch)).orElseThrow();
        points.remove(last);
        return "dropped " + label(last) + " to fit " + LIMIT_BYTES + " bytes";
    }

    private static boolean isDominated(PointResult p, List<PointResult> points) {
        for (PointResult q : points) {
            if (q != p && q.workers() <= p.workers() && q.batch() <= p.batch()
                    && q.throughputPerSecond() >= p.throughputPerSecond() && q.p99Millis() <= p.p99Millis()
                    && q.memoryMiB() <= p.memoryMiB()) {
                return true;
            }
        }
        return false;
    }

    private static String json(String device, MemoryAccounting memory, Optional<RequestCostProbe.Measured> cost,
                               List<SpeedDrift.Scale> drift, List<PointResult> points) {
        ObjectNode root = JSON.createObjectNode();
        root.put("source", "measured");
        root.put("device", device);
        put(root, "weightsMiB", memory.weightsMiB());
        put(root, "contextMiB", memory.contextMiB());
        cost.ifPresent(c -> {
            put(root, "requestOverheadMillis", c.overheadMillis());
            put(root, "requestCpuMillis", c.cpuMillis());
            c.tail().ifPresent(t -> {
                put(root, "requestOverheadP99Millis", t.overheadP99Millis());
                put(root, "requestOverheadP99Utilisation", t.hostUtilisation());
            });
            c.batchCpuMillis().ifPresent(b -> put(root, "requestBatchCpuMillis", b));
        });
        if (!drift.isEmpty()) {
            ArrayNode scales = root.putArray("speedDrift");
            for (SpeedDrift.Scale d : drift) {
                ObjectNode node = scales.addObject();
                put(node, "seconds", d.seconds());
                put(node, "variance", d.variance());
            }
        }
        ArrayNode array = root.putArray("points");
        for (PointResult p : points) {
            ObjectNode node = array.addObject();
            node.put("batch", p.batch());
            node.put("workers", p.workers());
            put(node, "throughputPerSecond", p.throughputPerSecond());
            put(node, "p50Millis", p.p50Millis());
            put(node, "p99Millis", p.p99Millis());
            put(node, "memoryMiB", p.memoryMiB());
        }
        return root.toString();
    }

    private static void put(ObjectNode node, String field, double value) {
        double rounded = round(value);
        if (rounded == Math.rint(rounded) && Math.abs(rounded) < 1e15) {
            node.put(field, (long) rounded);
        } else {
            node.put(field, rounded);
        }
    }

    /** Integers from 100, one decimal from 10, two from 1, three significant digits below 1. */
    static double round(double value) {
        if (value == 0 || !Double.isFinite(value)) {
            return value;
        }
        double magnitude = Math.abs(value);
        int decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 1 ? 2
                : 2 - (int) Math.floor(Math.log10(magnitude));
        return new java.math.BigDecimal(value).setScale(decimals, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static int size(String json) {
        return json.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String label(PointResult p) {
        return p.workers() + " workers x batch " + p.batch();
    }
}
