package dev.kinfer.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

class SpeedDriftTest {

    private static final long MS = 1_000_000;

    /** Workers calling back to back from time 0 for {@code seconds}; a call starting at t takes duration(t) ms. */
    private static PointRunner.Traced backToBack(int workers, double seconds, DoubleUnaryOperator millisAt) {
        long[][] starts = new long[workers][];
        long[][] durations = new long[workers][];
        long end = (long) (seconds * 1e9);
        for (int w = 0; w < workers; w++) {
            Latencies s = new Latencies();
            Latencies d = new Latencies();
            for (long t = w * 3 * MS; t < end; ) {
                long duration = Math.round(millisAt.applyAsDouble(t / 1e9) * MS);
                s.add(t);
                d.add(duration);
                t += duration;
            }
            starts[w] = s.toArray();
            durations[w] = d.toArray();
        }
        return new PointRunner.Traced(null, starts, durations, 0, end);
    }

    @Test
    void independentCallsAddAlmostNothingToTheSpreadAQueueSees() {
        Random random = new Random(7);
        // 10 ms calls with a 2 ms exponential part (cs^2 0.04), independent of each other
        List<SpeedDrift.Scale> drift = backToBack(2, 60, t -> 8 - 2 * Math.log(1 - random.nextDouble())).drift();

        assertTrue(drift.size() >= 5, drift.toString());
        for (SpeedDrift.Scale s : drift) {
            // what the planner adds to the calls' cs^2 at this scale: the calls in it (2 workers) x the variance; the
            // estimate's small-window bias (a window's count and its calls' lengths are not independent) stays far
            // below the calls' own 0.04
            double calls = 2 * s.seconds() / 0.010;
            assertTrue(calls * s.variance() < 0.012, "independent calls drifted: " + drift);
        }
    }

    @Test
    void aHostThatIsSlowEverySecondSecondDriftsBelowItsPeriodAndAveragesOutAboveIt() {
        // 10 ms calls, 12 ms in every odd second: over windows well inside a second the mean call is 10 or 12 (about
        // equally often by time, so by calls 6:5), a relative variance near (1/11)^2 = 0.0083; over windows of whole
        // periods it averages out
        List<SpeedDrift.Scale> drift = backToBack(2, 120, t -> ((long) t) % 2 == 1 ? 12 : 10).drift();

        SpeedDrift.Scale shortest = drift.get(0);
        assertEquals(0.044, shortest.seconds(), 0.002, "4 mean calls");
        assertEquals(1.0 / 121, shortest.variance(), 0.1 / 121, drift.toString());
        SpeedDrift.Scale period = drift.stream().filter(s -> s.seconds() > 2.5).findFirst().orElseThrow();
        assertTrue(period.variance() < 0.3 * shortest.variance(), drift.toString());
    }

    @Test
    void scalesDoubleFromFourCallsWhileTheSpanHoldsEightWindows() {
        List<SpeedDrift.Scale> drift = backToBack(1, 10, t -> 25).drift();

        // 0.1 s, 0.2, 0.4, 0.8: 1.25 s (10 s / 8) is the longest window that fits eight times
        assertEquals(4, drift.size(), drift.toString());
        assertEquals(0.1, drift.get(0).seconds(), 1e-9);
        for (int i = 1; i < drift.size(); i++) {
            assertEquals(2 * drift.get(i - 1).seconds(), drift.get(i).seconds(), 1e-9);
        }
    }

    @Test
    void aLongSpanOfFastCallsGetsTenScalesFromFourCallsToAnEighthOfTheSpan() {
        List<SpeedDrift.Scale> drift = backToBack(1, 600, t -> 1).drift();

        assertEquals(SpeedDrift.MAX_SCALES, drift.size());
        assertEquals(0.004, drift.get(0).seconds(), 1e-9);
        assertEquals(75, drift.get(drift.size() - 1).seconds(), 1e-6);
        double ratio = drift.get(1).seconds() / drift.get(0).seconds();
        for (int i = 1; i < drift.size(); i++) {
            assertEquals(ratio, drift.get(i).seconds() / drift.get(i - 1).seconds(), 1e-9);
        }
    }

    @Test
    void aSpanTooShortForEightWindowsOfFourCallsGivesNothing() {
        assertEquals(List.of(), backToBack(1, 0.3, t -> 10).drift());
    }
}
