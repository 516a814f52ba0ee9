package dev.kinfer.common.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Due times of a Poisson process over a period, conditioned on the period making its expected number of arrivals
 * (rate x length, rounded): that many points drawn uniformly over the period, in order. Locally they are Poisson
 * arrivals (independent, memoryless gaps of mean 1 / rate), but a period offers exactly its rate, not only on average:
 * with free counts one seed offered a 40 s validation window 9-10 % above its nominal rate in two runs, which moved the
 * measured p99 as much as the planner's error.
 */
public final class PoissonArrivals {
    private PoissonArrivals() {
    }

    /** Nanoseconds from the period's start, sorted, each in [0, periodNanos). */
    public static long[] conditioned(double ratePerSecond, long periodNanos, SplittableRandom random) {
        if (!(ratePerSecond > 0) || !Double.isFinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate: expected a positive number of arrivals per second, got "
                    + ratePerSecond);
        }
        if (periodNanos < 0) {
            throw new IllegalArgumentException("period: expected >= 0 ns, got " + periodNanos);
        }
        long count = Math.round(ratePerSecond * periodNanos / 1e9);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many arrivals: " + count);
        }
        long[] offsets = new long[(int) count];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = random.nextLong(periodNanos);
        }
        Arrays.sort(offsets);
        return offsets;
    }
}
