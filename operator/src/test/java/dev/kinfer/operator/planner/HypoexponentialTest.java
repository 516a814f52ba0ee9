package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tails of sums of exponentials, and the overhead's shifted exponential through a median and a p99. */
class HypoexponentialTest {

    @Test
    void equalRatesGiveTheErlangTail() {
        double a = 2.0;
        for (double y : new double[] {0.01, 0.5, 1, 3, 8}) {
            double ay = a * y;
            assertThat(Hypoexponential.exceeds(y, a, a)).as("y=%s", y).isCloseTo((1 + ay) * Math.exp(-ay), within(1e-6));
            assertThat(Hypoexponential.exceeds(y, a, a, a)).as("y=%s", y)
                    .isCloseTo((1 + ay + ay * ay / 2) * Math.exp(-ay), within(1e-3));
        }
    }

    @Test
    void distinctRatesAgreeWithSampledSums() {
        SplittableRandom random = new SplittableRandom(3);
        double[] rates = {0.5, 3, 40};
        int n = 2_000_000;
        int[] over = new int[3];
        double[] at = {1, 3, 6};
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (double r : rates) {
                sum += -Math.log(1 - random.nextDouble()) / r;
            }
            for (int j = 0; j < at.length; j++) {
                if (sum > at[j]) {
                    over[j]++;
                }
            }
        }
        for (int j = 0; j < at.length; j++) {
            assertThat(Hypoexponential.exceeds(at[j], rates[0], rates[1], rates[2])).as("y=%s", at[j])
                    .isCloseTo((double) over[j] / n, within(2e-3));
        }
    }

    @Test
    void tailsStayProbabilitiesForExtremeRates() {
        for (double y : new double[] {1e-9, 1e-3, 1, 1e3}) {
            assertThat(Hypoexponential.exceeds(y, 1e9, 1e-3, 1e-3 * (1 + 1e-9))).isBetween(0.0, 1.0);
            assertThat(Hypoexponential.exceeds(y, 1e9, 1e9)).isBetween(0.0, 1.0);
        }
    }

    @Test
    void theOverheadKeepsItsMedianAndP99() {
        ShiftedExponential overhead = ShiftedExponential.fromMedianAndQuantile99(0.35, 2.0);

        assertThat(overhead.quantile(0.5)).isCloseTo(0.35, within(1e-9));
        assertThat(overhead.quantile(0.99)).isCloseTo(2.0, within(1e-9));
        assertThat(overhead.shiftMillis()).isPositive();
    }

    @Test
    void anOverheadWithoutSpreadIsAConstant() {
        ShiftedExponential overhead = ShiftedExponential.fromMedianAndQuantile99(0.3, 0.3);

        assertThat(overhead.shiftMillis()).isEqualTo(0.3);
        assertThat(overhead.exponentialMeanMillis()).isZero();
    }

    @Test
    void aP99TooFarAboveTheMedianForAShiftKeepsTheP99() {
        ShiftedExponential overhead = ShiftedExponential.fromMedianAndQuantile99(0.1, 3.0);

        assertThat(overhead.shiftMillis()).isZero();
        assertThat(overhead.quantile(0.99)).isCloseTo(3.0, within(1e-9));
        assertThat(overhead.quantile(0.5)).isGreaterThan(0.1);
    }
}
