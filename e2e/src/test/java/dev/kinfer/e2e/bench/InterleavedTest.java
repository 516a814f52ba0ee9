package dev.kinfer.e2e.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterleavedTest {

    @Test
    void slicesGoForwardThenBackSoEverySideIsCentredOnTheSameMoment() {
        assertThat(Interleaved.order(3, 3)).containsExactly(0, 1, 2, 2, 1, 0, 0, 1, 2);
        assertThat(Interleaved.order(2, 4)).containsExactly(0, 1, 1, 0, 0, 1, 1, 0);
        assertThat(Interleaved.order(1, 2)).containsExactly(0, 0);
    }

    @Test
    void aMachineThatSpeedsUpSteadilyFavoursNeitherOfTwoEqualSides() throws Exception {
        // Each slice takes one second; the machine does 100 samples/s in the first and 10 more every slice after.
        int[] clock = {0};
        Interleaved.Side equal = slice -> new Interleaved.Measured(100 + 10 * clock[0]++, 1.0);
        double[] rates = Interleaved.samplesPerSecond(List.of(equal, equal), 4, Duration.ofSeconds(1));

        assertThat(rates[0]).isEqualTo(rates[1]).isEqualTo(135.0);
    }

    @Test
    void eachSideIsItsSamplesOverItsSecondsAcrossItsSlices() throws Exception {
        Interleaved.Side fast = slice -> new Interleaved.Measured(50, 1.0);
        Interleaved.Side slowStart = new Interleaved.Side() {
            private int calls;

            @Override
            public Interleaved.Measured run(Duration slice) {
                return new Interleaved.Measured(calls++ == 0 ? 10 : 40, 2.0);
            }
        };

        double[] rates = Interleaved.samplesPerSecond(List.of(fast, slowStart), 2, Duration.ofSeconds(1));

        assertThat(rates[0]).isEqualTo(50.0);
        assertThat(rates[1]).isEqualTo(50.0 / 4.0);
    }

    @Test
    void noSidesOrNoSlicesIsRefusedNamingBoth() {
        assertThatThrownBy(() -> Interleaved.order(0, 2)).hasMessageContaining("sides and slicesPerSide");
        assertThatThrownBy(() -> Interleaved.order(2, 0)).hasMessageContaining("got 2 and 0");
    }
}
