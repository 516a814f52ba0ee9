package dev.kinfer.common.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonArrivalsTest {
    private static final long FORTY_SECONDS = 40_000_000_000L;

    @Test
    void aPeriodOffersExactlyItsRateTimesItsLength() {
        for (long seed = 0; seed < 20; seed++) {
            long[] due = PoissonArrivals.conditioned(12.36, FORTY_SECONDS, new SplittableRandom(seed));

            assertThat(due).as("seed %d", seed).hasSize(494); // 12.36/s x 40 s = 494.4
            assertThat(due).isSorted();
            assertThat(due[0]).isGreaterThanOrEqualTo(0);
            assertThat(due[due.length - 1]).isLessThan(FORTY_SECONDS);
        }
    }

    @Test
    void theGapsAreThoseOfPoissonArrivalsMemorylessWithTheMeanOfTheRate() {
        double rate = 1_000;
        long[] due = PoissonArrivals.conditioned(rate, FORTY_SECONDS, new SplittableRandom(20261126L));
        double sum = 0;
        double squares = 0;
        for (int i = 1; i < due.length; i++) {
            double gap = (due[i] - due[i - 1]) / 1e9;
            sum += gap;
            squares += gap * gap;
        }
        int gaps = due.length - 1;
        double mean = sum / gaps;
        double cv = Math.sqrt(squares / gaps - mean * mean) / mean;

        assertThat(mean).isCloseTo(1 / rate, within(0.02 / rate));
        assertThat(cv).as("an exponential's coefficient of variation is 1; evenly paced arrivals have 0")
                .isCloseTo(1.0, within(0.03));
    }

    @Test
    void countsInShortStretchesVaryAsPoissonCountsDo() {
        // 40,000 arrivals in 40 s, counted in 4,000 bins of 10 ms: Poisson counts of mean 10 have variance 10.
        long[] due = PoissonArrivals.conditioned(1_000, FORTY_SECONDS, new SplittableRandom(7));
        int[] bins = new int[4_000];
        for (long t : due) {
            bins[(int) (t / 10_000_000L)]++;
        }
        double mean = 0;
        for (int b : bins) {
            mean += b;
        }
        mean /= bins.length;
        double variance = 0;
        for (int b : bins) {
            variance += (b - mean) * (b - mean);
        }
        variance /= bins.length - 1;

        assertThat(mean).isEqualTo(10.0);
        assertThat(variance / mean).isCloseTo(1.0, within(0.1));
    }

    @Test
    void anEmptyPeriodHasNoArrivals() {
        assertThat(PoissonArrivals.conditioned(500, 0, new SplittableRandom(1))).isEmpty();
    }

    @Test
    void aRateThatIsNotPositiveIsRefusedByName() {
        assertThatThrownBy(() -> PoissonArrivals.conditioned(0, FORTY_SECONDS, new SplittableRandom(1)))
                .hasMessageContaining("rate").hasMessageContaining("positive");
        assertThatThrownBy(() -> PoissonArrivals.conditioned(Double.NaN, FORTY_SECONDS, new SplittableRandom(1)))
                .hasMessageContaining("rate");
    }
}
