package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The profile's speed drift and what it does to a queue's waits (docs/planner.md, "Queueing: the calls' drift"). */
class SpeedDriftTest {

    private static final SpeedDrift MEASURED = new SpeedDrift(List.of(
            new SpeedDrift.Scale(1.6, 0.001), new SpeedDrift.Scale(0.2, 0.004), new SpeedDrift.Scale(0.4, 0.003)));

    /** 2 workers, batch 1, calls of exactly 50 ms, requests almost free of CPU, sharing the cores or not. */
    private static Candidate twoWorkers(SpeedDrift drift, int sharedCores) {
        ProfileSurface surface = new ProfileSurface(new ModelProfile(10, 100, List.of(
                new ProfilePoint(2, 1, 40, 50, 50, 20))));
        MemoryBreakdown memory = new MemoryBreakdown(1, 10, 1, 10, 100, 4096);
        return new Candidate(2, 1, 1, surface.curve(2), memory, new RequestCost(0, 0.001), sharedCores, drift);
    }

    private static Candidate twoWorkersOnDevice(SpeedDrift drift) {
        return twoWorkers(drift, 0);
    }

    private static Candidate twoWorkersOnTwoCores(SpeedDrift drift) {
        return twoWorkers(drift, 2);
    }

    private static SpeedDrift flat(double variance) {
        return new SpeedDrift(List.of(new SpeedDrift.Scale(0.1, variance), new SpeedDrift.Scale(100, variance)));
    }

    @Test
    void betweenMeasuredScalesTheVarianceIsLinearInTheScalesLogarithm() {
        assertThat(MEASURED.varianceAt(0.2)).isEqualTo(0.004);
        assertThat(MEASURED.varianceAt(Math.sqrt(0.2 * 0.4))).isCloseTo(0.0035, within(1e-12));
        assertThat(MEASURED.varianceAt(0.8)).isCloseTo(0.002, within(1e-12));
    }

    @Test
    void belowTheShortestScaleItIsHeldAndBeyondTheLongestTheWindowsAverageIt() {
        assertThat(MEASURED.varianceAt(0.01)).isEqualTo(0.004);
        // the mean over twice as long a window of independent stretches has half the variance
        assertThat(MEASURED.varianceAt(3.2)).isCloseTo(0.0005, within(1e-12));
        assertThat(SpeedDrift.NONE.varianceAt(1)).isZero();
        assertThat(SpeedDrift.NONE.measured()).isFalse();
    }

    @Test
    void theTimeScaleIsRhoTimesThePooledServersRelaxationTime() {
        // 2 workers, 50 ms calls, rho 0.25: the pooled server's 25 ms calls, relaxation 25 / (1 - 0.5)^2 = 100 ms
        assertThat(SpeedDrift.timeScaleMillis(0.25, 50, 2)).isCloseTo(0.25 * 100, within(1e-9));
    }

    @Test
    void aQueueGetsTheDriftOfTheCallsItFinishesInItsTimeScale() {
        // 2 workers x 400 ms / 50 ms = 16 calls stretched together by a variance of 0.003: 16 x 0.003
        assertThat(MEASURED.extraScv(2, 50, 400)).isCloseTo(0.048, within(1e-12));
        assertThat(SpeedDrift.NONE.extraScv(2, 50, 400)).isZero();
        assertThat(MEASURED.extraScv(2, 50, 0)).isZero();
    }

    @Test
    void aScaleOutOfRangeOrTwiceOverIsRefusedNamingTheField() {
        assertThatThrownBy(() -> new SpeedDrift.Scale(0.2, -0.001))
                .hasMessage("profile.speedDrift.variance is -0.001; expected >= 0");
        assertThatThrownBy(() -> new SpeedDrift.Scale(0, 0.001))
                .hasMessage("profile.speedDrift.seconds is 0.0; expected > 0");
        assertThatThrownBy(() -> new SpeedDrift(List.of(new SpeedDrift.Scale(0.2, 0.001), new SpeedDrift.Scale(0.2, 0))))
                .hasMessage("profile.speedDrift.seconds is 0.2; expected one entry per time scale");
    }

    @Test
    void withoutDriftTheCallsWaitAsTheirOwnSpreadSaysAndWithEnoughAsIfTheyWereExponential() {
        // 24 requests/s: a = 1.2, rho = 0.6, Erlang C = 0.45; M/M/c: p99 = 50 + ln(100 C) / (2/50 - 0.024) ms
        double mmc = 50 + Math.log(100 * 0.45) / (2.0 / 50 - 0.024);
        double regular = twoWorkersOnDevice(SpeedDrift.NONE).predict(0, 24).p99Millis();

        assertThat(regular).isLessThan(0.7 * mmc);
        assertThat(twoWorkersOnDevice(flat(0)).predict(0, 24).p99Millis()).isEqualTo(regular);
        // a drift that leaves the calls as variable as exponential ones: exactly M/M/c
        assertThat(twoWorkersOnDevice(flat(1)).predict(0, 24).p99Millis()).isCloseTo(mmc, within(0.5));
        // and the measured kind in between
        assertThat(twoWorkersOnDevice(MEASURED).predict(0, 24).p99Millis()).isGreaterThan(regular).isLessThan(mmc);
    }

    @Test
    void aCpuPodWaitsAsMmcWithOrWithoutAMeasuredDrift() {
        double mmc = 50 + Math.log(100 * 0.45) / (2.0 / 50 - 0.024);
        assertThat(twoWorkersOnTwoCores(SpeedDrift.NONE).predict(0, 24).p99Millis()).isCloseTo(mmc, within(0.5));
        assertThat(twoWorkersOnTwoCores(MEASURED).predict(0, 24).p99Millis()).isCloseTo(mmc, within(0.5));
    }

    @Test
    void moreDriftNeverShortensThePredictedP99AndMattersMoreTheBusierThePod() {
        for (double rate : new double[] {8, 16, 24, 32, 36}) {
            double previous = 0;
            for (double variance = 0; variance <= 0.02; variance += 0.001) {
                double p99 = twoWorkersOnDevice(flat(variance)).predict(0, rate).p99Millis();
                assertThat(p99).as("p99 at %.0f/s with variance %.3f", rate, variance).isGreaterThanOrEqualTo(previous);
                previous = p99;
            }
        }
        double quietGrowth = twoWorkersOnDevice(flat(0.005)).predict(0, 8).p99Millis()
                / twoWorkersOnDevice(flat(0)).predict(0, 8).p99Millis();
        double busyGrowth = twoWorkersOnDevice(flat(0.005)).predict(0, 34).p99Millis()
                / twoWorkersOnDevice(flat(0)).predict(0, 34).p99Millis();
        assertThat(busyGrowth).isGreaterThan(quietGrowth);
    }

}
