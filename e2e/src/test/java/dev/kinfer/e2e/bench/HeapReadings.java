package dev.kinfer.e2e.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a JVM's heap use from the two places the scale benchmark has: the unified GC log ({@code -Xlog:gc}), whose
 * pause lines say the heap used before and after each collection, and Micrometer's Prometheus text at
 * {@code /q/metrics}, whose {@code jvm_memory_used_bytes{area="heap",...}} series add up to the heap used now.
 */
public final class HeapReadings {

    // "... GC(12) Pause Young (Normal) (G1 Evacuation Pause) 113M->21M(256M) 5.123ms"
    private static final Pattern PAUSE = Pattern.compile(
            "GC\\(\\d+\\) Pause .*?(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private HeapReadings() {
    }

    /** What the pause lines of a GC log say. */
    public record GcSummary(int pauses, long maxBeforeBytes, long maxAfterBytes, long maxCommittedBytes) {
    }

    public static GcSummary gcLog(Iterable<String> lines) {
        int pauses = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses++;
                before = Math.max(before, bytes(m.group(1), m.group(2)));
                after = Math.max(after, bytes(m.group(3), m.group(4)));
                committed = Math.max(committed, bytes(m.group(5), m.group(6)));
            }
        }
        return new GcSummary(pauses, before, after, committed);
    }

    /** The heap used now: the sum of the heap pools' {@code jvm_memory_used_bytes}; -1 when there are none. */
    public static long heapUsedBytes(String prometheusText) {
        double sum = 0;
        boolean found = false;
        for (String line : prometheusText.split("\n")) {
            if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
                String value = line.substring(line.lastIndexOf('}') + 1).trim().split("\\s+")[0];
                sum += Double.parseDouble(value);
                found = true;
            }
        }
        return found ? (long) sum : -1;
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n << 10;
            case "M" -> n << 20;
            default -> n << 30;
        };
    }
}
