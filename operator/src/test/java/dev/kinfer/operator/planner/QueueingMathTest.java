package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueueingMathTest {

    @Test
    void erlangCMatchesTheTextbookValue() {
        // M/M/2 with 1 Erlang offered: P(wait) = 1/3.
        assertThat(ErlangC.probabilityOfWaiting(2, 1.0)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(ErlangC.probabilityOfWaiting(1, 0.7)).isCloseTo(0.7, within(1e-12));
    }

    @Test
    void aLongDelayFillsEveryBatch() {
        assertThat(new BatchFormation(32, 10_000, 5).meanBatch()).isCloseTo(32, within(1e-9));
    }

    @Test
    void aZeroDelayDispatchesSingleSamples() {
        BatchFormation formation = new BatchFormation(32, 0, 5);
        assertThat(formation.meanBatch()).isCloseTo(1, within(1e-12));
        assertThat(formation.fillWaitTail(0.001)).isZero();
        assertThat(formation.fillHorizonMillis()).isZero();
    }

    @Test
    void meanBatchIsOnePlusTheArrivalsDuringTheDelayCappedAtTheMaximum() {
        // lambda D = 2: E[min(8, 1 + Poisson(2))] is just under 3.
        assertThat(new BatchFormation(8, 2, 1).meanBatch()).isCloseTo(3, within(0.01)).isLessThan(3);
    }

    @Test
    void theSampleThatFillsABatchWaitsNothing() {
        BatchFormation formation = new BatchFormation(16, 10_000, 1);
        // Every batch is full, so 1 sample in 16 closes its batch and waits 0.
        assertThat(formation.fillWaitTail(0)).isCloseTo(15.0 / 16, within(1e-9));
    }

    @Test
    void shiftedExponentialKeepsTheMeanAndTheTailRatio() {
        ShiftedExponential call = ShiftedExponential.fromMeanAndTailRatio(2.0, 1.5);
        assertThat(call.mean()).isCloseTo(2.0, within(1e-12));
        assertThat(call.quantile(0.99) / call.quantile(0.5)).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void callTimeGrowsMonotonicallyBetweenMeasuredBatches() {
        ServiceCurve curve = new ProfileSurface(H200Profiles.resnet18Fp32()).curve(4);
        double previous = 0;
        for (int k = 1; k <= 64; k++) {
            assertThat(curve.meanServiceMillis(k)).isGreaterThanOrEqualTo(previous);
            previous = curve.meanServiceMillis(k);
        }
        // At a measured point the call time is w*b/throughput: 4 x 32 / 19,248 per second.
        assertThat(curve.meanServiceMillis(32)).isCloseTo(4 * 32 * 1000 / 19_248.0, within(1e-9));
    }

    @Test
    void aMeasuredDipInCallTimeIsFlattened() {
        ModelProfile dip = new ModelProfile(10, 0, List.of(new ProfilePoint(1, 1, 1000, 1, 1.2, 20),
                new ProfilePoint(1, 2, 2500, 0.8, 1, 20)));
        ServiceCurve curve = new ProfileSurface(dip).curve(1);
        assertThat(curve.meanServiceMillis(2)).isGreaterThanOrEqualTo(curve.meanServiceMillis(1));
    }

    @Test
    void unmeasuredWorkerCountsBlendTheirNeighbours() {
        ProfileSurface surface = new ProfileSurface(H200Profiles.resnet18Fp32());
        double three = surface.curve(3).throughputPerSecond(8);
        assertThat(three).isBetween(surface.curve(2).throughputPerSecond(8), surface.curve(4).throughputPerSecond(8));
        assertThat(surface.curve(16).throughputPerSecond(8)).isCloseTo(surface.curve(8).throughputPerSecond(8), within(1e-6));
        assertThat(surface.curve(16).memoryMiB(8)).isGreaterThan(surface.curve(8).memoryMiB(8));
    }

    @Test
    void predictedP99GrowsWithLoadNearSaturation() {
        // Capacity is 18.6 samples/ms; further below, more load shortens batch fill waits and p99 falls.
        ServiceCurve curve = new ProfileSurface(H200Profiles.resnet18Fp32()).curve(2);
        double previous = 0;
        for (double rate = 16.5; rate <= 18.4; rate += 0.3) {
            double p99 = LatencyModel.predict(curve, 2, 32, 5, rate).p99Millis();
            assertThat(p99).isGreaterThanOrEqualTo(previous);
            previous = p99;
        }
    }
}
