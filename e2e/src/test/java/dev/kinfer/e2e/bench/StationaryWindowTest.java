package dev.kinfer.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StationaryWindowTest {

    @Test
    void oneServerAtHalfLoadForgetsItsStartInAboutTwelveServiceTimes() {
        // M/M/1, rho 0.5, 1 sample a batch, 10/s: mean service 50 ms, tau = 1 / (mu (1 - sqrt(rho))^2) = 0.58 s
        StationaryWindow window = StationaryWindow.of(0.5, 1, 10);

        assertThat(window.relaxationSeconds()).isCloseTo(0.05 / Math.pow(1 - Math.sqrt(0.5), 2), within(1e-9));
    }

    @Test
    void nearSaturationTheWindowGrowsToItsCapAndTheWarmUpWithIt() {
        // ResNet-18's 85 % row on this machine: rho 0.90, 1.07 samples a batch, 35.4/s
        StationaryWindow window = StationaryWindow.of(0.90, 1.07, 35.4);

        assertThat(window.relaxationSeconds()).isBetween(10.0, 10.5);
        assertThat(window.windowSeconds(40, 600)).isEqualTo(600);
        assertThat(window.warmupSeconds(8)).isEqualTo(52);
    }

    @Test
    void aQuietRowKeepsItsUsualWindowAndWarmUp() {
        StationaryWindow window = StationaryWindow.of(0.30, 1, 12.5);

        assertThat(window.windowSeconds(40, 600)).isEqualTo(40);
        assertThat(window.warmupSeconds(8)).isEqualTo(8);
    }

    @Test
    void busierRowsNeverGetShorterWindows() {
        int previous = 0;
        for (double rho = 0.05; rho < 0.99; rho += 0.01) {
            int seconds = StationaryWindow.of(rho, 1, 35).windowSeconds(40, 100_000);
            assertThat(seconds).isGreaterThanOrEqualTo(previous);
            previous = seconds;
        }
    }

    @Test
    void nearSaturationAFortySecondWindowReadsTheSteadyP99LowAndSixtyRelaxationTimesDoNot() {
        // M/M/2 at rho 0.9, 35.4 requests/s (ResNet-18's 85 % row as M/M/c models it), each window after a warm-up of
        // 5 relaxation times, as the rig runs it: the p99 of short windows is mostly below the steady state's.
        double rate = 35.4;
        double rho = 0.9;
        double meanService = rho * 2 / rate;
        SplittableRandom random = new SplittableRandom(20261127L);
        double steady = p99(MultiServerQueue.latencies(random, rate, meanService, 2, 0, 60_000));
        StationaryWindow window = StationaryWindow.of(rho, 1, rate);
        int warmup = window.warmupSeconds(8);

        double shortWindows = medianWindowP99(random, rate, meanService, warmup, 40, 60) / steady;
        double longWindows = medianWindowP99(random, rate, meanService, warmup, window.windowSeconds(40, 600), 20)
                / steady;

        assertThat(shortWindows).isLessThan(0.8);
        assertThat(longWindows).isBetween(0.85, 1.1);
    }

    private static double medianWindowP99(SplittableRandom random, double rate, double meanService, int warmup,
                                          int seconds, int windows) {
        double[] p99s = new double[windows];
        for (int i = 0; i < windows; i++) {
            p99s[i] = p99(MultiServerQueue.latencies(random, rate, meanService, 2, warmup, seconds));
        }
        java.util.Arrays.sort(p99s);
        return p99s[windows / 2];
    }

    private static double p99(double[] latencies) {
        double[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        return sorted[(int) Math.ceil(0.99 * sorted.length) - 1];
    }

    /** FCFS with c servers, Poisson arrivals and exponential service, started empty. */
    private static final class MultiServerQueue {
        /** Latencies (wait + service) of the arrivals in [warmup, warmup + seconds). */
        static double[] latencies(SplittableRandom random, double rate, double meanService, int servers, int warmup,
                                  int seconds) {
            double[] free = new double[servers];
            double[] measured = new double[(int) (rate * seconds * 1.2) + 64];
            int count = 0;
            double t = 0;
            while (true) {
                t += -Math.log(1 - random.nextDouble()) / rate;
                if (t >= warmup + seconds) {
                    break;
                }
                int first = 0;
                for (int k = 1; k < servers; k++) {
                    first = free[k] < free[first] ? k : first;
                }
                free[first] = Math.max(t, free[first]) - Math.log(1 - random.nextDouble()) * meanService;
                if (t >= warmup) {
                    if (count == measured.length) {
                        measured = java.util.Arrays.copyOf(measured, 2 * count);
                    }
                    measured[count++] = free[first] - t;
                }
            }
            return java.util.Arrays.copyOf(measured, count);
        }
    }

    @Test
    void anOverloadedOrIdleRowHasNoSteadyStateToMeasure() {
        assertThatThrownBy(() -> StationaryWindow.of(1.0, 1, 35)).hasMessageContaining("utilisation in (0, 1)");
        assertThatThrownBy(() -> StationaryWindow.of(0, 1, 35)).hasMessageContaining("got 0.0");
    }
}
