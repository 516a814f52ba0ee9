package dev.kinfer.runtime.profile;

import java.util.Arrays;

/** Call times (or starts) of one worker (a growable long[]), and percentiles over several workers' calls. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;

    void add(long value) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = value;
    }

    int size() {
        return size;
    }

    /** The values in the order they were added. */
    long[] toArray() {
        return Arrays.copyOf(nanos, size);
    }

    /** All calls of all workers, sorted. */
    static long[] merged(Latencies... all) {
        long[] out = new long[Arrays.stream(all).mapToInt(Latencies::size).sum()];
        int at = 0;
        for (Latencies l : all) {
            System.arraycopy(l.nanos, 0, out, at, l.size);
            at += l.size;
        }
        Arrays.sort(out);
        return out;
    }

    /** Nearest-rank percentile of sorted values: the smallest value with at least q of the values at or below it. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
    }
}
