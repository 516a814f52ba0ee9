package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** What a served request costs beyond its call: latency added to every prediction, CPU taken from CPU-only pods. */
class RequestCostTest {

    /** A small MLP measured on 2 CPU cores: calls of tens of microseconds, like ../shared/models/mlp.pt here. */
    private static final ModelProfile MLP_ON_TWO_CORES = new ModelProfile(0.03, 178, List.of(
            new ProfilePoint(1, 1, 30_000, 0.03, 0.09, 110),
            new ProfilePoint(1, 4, 60_000, 0.06, 0.2, 110),
            new ProfilePoint(2, 1, 40_000, 0.045, 0.13, 149),
            new ProfilePoint(2, 4, 58_000, 0.13, 0.44, 151)));
    private static final Hardware TWO_CORES = Hardware.cpuOnly(2, 4096, 0.1);
    private static final Hardware GPU_80 = Hardware.gpu(1, H200Profiles.GPU_80_GIB, 0.1);
    private static final Bounds ONE_TO_FIFTY = new Bounds(1, 50);

    private final CapacityPlanner planner = new CapacityPlanner();

    @Test
    void theOverheadIsAddedToThePredictedP99OfTheSamePlan() {
        ModelProfile resnet = H200Profiles.resnet18Fp32();
        Plan free = planner.plan(resnet, GPU_80, Sla.of(50, 20_000), Pins.NONE, new Bounds(1, 20));
        Plan costly = planner.plan(resnet.withRequestCost(new RequestCost(0.4, 0)), GPU_80, Sla.of(50, 20_000),
                Pins.NONE, new Bounds(1, 20));

        assertThat(List.of(costly.workersPerPod(), costly.maxBatchSize(), costly.maxBatchDelayMillis(), costly.replicas()))
                .isEqualTo(List.of(free.workersPerPod(), free.maxBatchSize(), free.maxBatchDelayMillis(), free.replicas()));
        assertThat(costly.predictedP99Millis() - free.predictedP99Millis()).isCloseTo(0.4, within(1e-9));
    }

    @Test
    void aCpuPodCarriesNoMoreThanItsCoresCanAnswer() {
        // 0.1 CPU-ms per request: 2 cores answer at most 20,000 requests/s even if the model were free.
        ModelProfile profile = MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, 0.1));
        Plan plan = planner.plan(profile, TWO_CORES, Sla.of(20, 40_000), Pins.NONE, ONE_TO_FIFTY);

        assertThat(plan.feasible()).isTrue();
        double perPod = plan.predictedThroughputPerSecond() / plan.replicas();
        assertThat(perPod).isLessThan(CapacityPlanner.UTILISATION_CAP * 20_000);
        assertThat(plan.replicas()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void withoutARequestCostTheSameCpuPodLooksThreeTimesLarger() {
        Plan free = planner.plan(MLP_ON_TWO_CORES, TWO_CORES, Sla.of(20, 40_000), Pins.NONE, ONE_TO_FIFTY);
        Plan costly = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, 0.1)), TWO_CORES,
                Sla.of(20, 40_000), Pins.NONE, ONE_TO_FIFTY);

        assertThat(free.replicas()).isEqualTo(1);
        assertThat(costly.replicas()).isGreaterThan(free.replicas());
    }

    @Test
    void moreCpuPerRequestNeverMeansFewerReplicas() {
        int previous = 0;
        for (double cpu = 0; cpu <= 0.5; cpu += 0.025) {
            Plan plan = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, cpu)), TWO_CORES,
                    Sla.of(20, 30_000), Pins.NONE, ONE_TO_FIFTY);
            assertThat(plan.replicas()).as("replicas at %.3f CPU-ms per request", cpu).isGreaterThanOrEqualTo(previous);
            previous = plan.replicas();
        }
    }

    @Test
    void oneWorkerSpanningBothCoresIsHeldBackByAllOfTheRequestsWork() {
        // 1 ms per request of CPU; the calls alone: 1 worker 1,000 samples/s, 2 workers 1,000/s each.
        RequestCost cost = new RequestCost(0, 1);
        ProfileSurface surface = new ProfileSurface(new ModelProfile(10, 100, List.of(
                new ProfilePoint(1, 1, 1_000, 1, 1.2, 10), new ProfilePoint(2, 1, 2_000, 1, 1.2, 20))));
        MemoryBreakdown memory = new MemoryBreakdown(1, 10, 1, 10, 100, 4096);
        Candidate one = new Candidate(1, 1, 1, surface.curve(1), memory, cost, 2);
        Candidate two = new Candidate(2, 1, 1, surface.curve(2), memory, cost, 2);

        // One worker's call runs on both cores and waits for its slower thread: every request's millisecond on either
        // core is a millisecond the call stands still, r = 1 / (1/T + q) = 500/s.
        assertThat(one.stallingCores()).isEqualTo(1);
        assertThat(one.capacityPerPod()).isCloseTo(500, within(1e-9));
        // Two single-threaded workers: the request work on one core holds back one of them, r = 1 / (1/T + q/2).
        assertThat(two.stallingCores()).isEqualTo(2);
        assertThat(two.capacityPerPod()).isCloseTo(1_000, within(1e-9));
        // At 400 requests/s (0.4 cores) the one worker's 1 ms calls last 1 / (1 - 0.4) ms: utilisation 400 x 1.667 ms.
        assertThat(one.predict(0, 400).utilisation()).isCloseTo(0.4 / 0.6, within(1e-9));
        // Requests that would hold a lone worker back all the time leave it no time to call.
        assertThat(one.predict(0, 1_000).p99Millis()).isInfinite();
    }

    @Test
    void onACpuPodBatchesWaitForAWorkerAsInMmcEvenWhenTheCallsThemselvesAreRegular() {
        // 2 workers, batch 1, calls of exactly 50 ms (p50 = p99), 24 requests/s: a = 1.2, rho = 0.6, Erlang C = 0.45.
        // A request's CPU is almost free (0.001 ms), so the calls barely stretch.
        ProfileSurface surface = new ProfileSurface(new ModelProfile(10, 100, List.of(
                new ProfilePoint(2, 1, 40, 50, 50, 20))));
        MemoryBreakdown memory = new MemoryBreakdown(1, 10, 1, 10, 100, 4096);
        RequestCost almostFree = new RequestCost(0, 0.001);
        Candidate cpuPod = new Candidate(2, 1, 1, surface.curve(2), memory, almostFree, 2);
        Candidate gpuPod = new Candidate(2, 1, 1, surface.curve(2), memory, almostFree, 0);

        // M/M/c: P(W > t) = C e^{-(c mu - lambda) t}, so p99 = 50 + ln(100 C) / (2/50 - 0.024) ms
        double erlangC = 0.45;
        double expected = 50 + Math.log(100 * erlangC) / (2.0 / 50 - 0.024);
        assertThat(cpuPod.predict(0, 24).p99Millis()).isCloseTo(expected, within(0.5));
        // Where the calls run on a device, the regular calls keep the queue short (GI/G/c with their own spread).
        assertThat(gpuPod.predict(0, 24).p99Millis()).isLessThan(0.7 * expected);
    }

    @Test
    void aGpuPodIsNotChargedForRequestCpuBecauseItsCallsRunOnTheDevice() {
        ModelProfile resnet = H200Profiles.resnet18Fp32();
        Plan free = planner.plan(resnet, GPU_80, Sla.of(10, 50_000), Pins.NONE, new Bounds(1, 20));
        Plan cpuHeavy = planner.plan(resnet.withRequestCost(new RequestCost(0, 5)), GPU_80, Sla.of(10, 50_000),
                Pins.NONE, new Bounds(1, 20));

        assertThat(cpuHeavy).isEqualTo(free);
    }

    @Test
    void requestsThatWouldTakeEveryCoreLeaveTheSlaOutOfReach() {
        // 1 CPU-ms per request on 2 cores: 2,000 requests/s at most, and one pod may not exceed it.
        Plan plan = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, 1)), TWO_CORES,
                Sla.of(20, 5_000), Pins.NONE, new Bounds(1, 1));

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.MAX_REPLICAS);
        assertThat(plan.reason()).contains("maxReplicas 1 carry at most");
    }

    @Test
    void aP99BelowTheFastestCallPlusTheOverheadIsInfeasibleAndNamesTheOverhead() {
        Plan plan = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, 0.05)), TWO_CORES,
                Sla.of(0.2, 1_000), Pins.NONE, ONE_TO_FIFTY);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.SERVICE_TIME);
        assertThat(plan.reason()).contains("plus the 0.30 ms a request adds");
    }

    @Test
    void negativeOrNonFiniteCostsAreRejectedNamingTheField() {
        assertThatThrownBy(() -> new RequestCost(-0.1, 0))
                .hasMessage("profile.requestOverheadMillis is -0.1; expected >= 0");
        assertThatThrownBy(() -> new RequestCost(0, Double.NaN))
                .hasMessage("profile.requestCpuMillis is NaN; expected >= 0");
        assertThatThrownBy(() -> new RequestCost(0.3, 0.1, 0.2))
                .hasMessage("profile.requestOverheadP99Millis is 0.2; expected >= requestOverheadMillis (0.3): a p99 is"
                        + " not below the median");
        assertThatThrownBy(() -> new RequestCost(0.3, 0.1, 2, 1.0))
                .hasMessage("profile.requestOverheadP99Utilisation is 1.0; expected from 0 to 0.99");
        assertThatThrownBy(() -> new RequestCost(0.3, 0.1, 2, 0.5, 0.15))
                .hasMessage("profile.requestBatchCpuMillis is 0.15; expected from 0 to requestCpuMillis (0.1): it is the"
                        + " part of a request's CPU a batch shares");
        assertThatThrownBy(() -> new RequestCost(0.3, 0.1, 2, 0.5, -0.01))
                .hasMessageStartingWith("profile.requestBatchCpuMillis is -0.01; expected from 0");
    }

    @Test
    void theRequestsOfABatchShareItsPerBatchCpu() {
        // 0.15 CPU-ms a request when each wakes a worker on its own, 0.1 of it the wake-up
        RequestCost cost = new RequestCost(0.2, 0.15, 4.0, 0.6, 0.1);

        assertThat(cost.cpuMillisAt(1)).isCloseTo(0.15, within(1e-12));
        assertThat(cost.cpuMillisAt(4)).isCloseTo(0.05 + 0.1 / 4, within(1e-12));
        assertThat(cost.cpuMillisAt(0.5)).as("a batch holds at least one").isCloseTo(0.15, within(1e-12));
        assertThat(new RequestCost(0.2, 0.15, 4.0, 0.6).cpuMillisAt(16)).as("no per-batch part").isEqualTo(0.15);
        assertThat(cost.plusCpuPerRequest(0.05).cpuMillisAt(4)).as("a per-request addition is not shared")
                .isCloseTo(0.1 + 0.1 / 4, within(1e-12));
        // r = T / (1 + T q / c): 60,000 calls/s in batches of 4 on 2 cores, q = 0.075 ms
        assertThat(cost.servedRate(60_000, 4, 2)).isCloseTo(60_000 / (1 + 60_000 * 0.075e-3 / 2), within(1e-6));
    }

    @Test
    void aPerBatchCpuMakesBatchingPlansCheaperOnACpuPodAndChangesNothingAtBatchOne() {
        ModelProfile perRequest = MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.2, 0.15, 4.0, 0.6));
        ModelProfile perBatch = MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.2, 0.15, 4.0, 0.6, 0.1));
        Bounds one = new Bounds(1, 1);
        Pins batchOne = new Pins(null, 1, 0);
        Pins batchFour = new Pins(2, 4, 2);

        Plan alone = planner.plan(perBatch, TWO_CORES, Sla.of(100, 6_000), batchOne, one);
        assertThat(alone).isEqualTo(planner.plan(perRequest, TWO_CORES, Sla.of(100, 6_000), batchOne, one));

        // 6,000/s in batches of about 4: 0.075 instead of 0.15 CPU-ms a request, so the cores are less busy and the
        // overhead's tail, which follows them, is shorter; and the pod carries more
        Plan shared = planner.plan(perBatch, TWO_CORES, Sla.of(100, 6_000), batchFour, one);
        Plan charged = planner.plan(perRequest, TWO_CORES, Sla.of(100, 6_000), batchFour, one);
        assertThat(shared.predictedP99Millis()).isLessThan(charged.predictedP99Millis());
        Plan mostShared = planner.plan(perBatch, TWO_CORES, new Sla(100.0, null), batchFour, one);
        Plan mostCharged = planner.plan(perRequest, TWO_CORES, new Sla(100.0, null), batchFour, one);
        assertThat(mostShared.predictedThroughputPerSecond()).isGreaterThan(1.2 * mostCharged.predictedThroughputPerSecond());
    }

    @Test
    void anOverheadWhoseP99IsItsMedianPlansExactlyAsAConstantOverhead() {
        Plan constant = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, 0.05)), TWO_CORES,
                Sla.of(5, 2_000), Pins.NONE, ONE_TO_FIFTY);
        Plan same = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.3, 0.05, 0.3)), TWO_CORES,
                Sla.of(5, 2_000), Pins.NONE, ONE_TO_FIFTY);

        assertThat(same).isEqualTo(constant);
    }

    @Test
    void anOverheadTailMeasuredAtAKnownLoadScalesWithHowBusyTheCoresAre() {
        RequestCost cost = new RequestCost(0.2, 0.1, 4.0, 0.6);
        ShiftedExponential measured = cost.overhead();

        assertThat(cost.overheadAt(0.6).exponentialMeanMillis())
                .isCloseTo(measured.exponentialMeanMillis(), within(1e-12));
        assertThat(cost.overheadAt(0.2).exponentialMeanMillis())
                .isCloseTo(measured.exponentialMeanMillis() * 0.4 / 0.8, within(1e-12));
        assertThat(cost.overheadAt(1.5).exponentialMeanMillis())
                .isCloseTo(measured.exponentialMeanMillis() * 0.4 / 0.01, within(1e-9));
        assertThat(cost.overheadAt(0.9).shiftMillis()).isEqualTo(measured.shiftMillis());
        assertThat(new RequestCost(0.2, 0.1, 4.0).overheadAt(0.9)).as("measured at an unknown load").isEqualTo(measured);
    }

    @Test
    void onACpuPodTheOverheadTailGrowsWithTheRate() {
        ModelProfile scaled = MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.2, 0.1, 4.0, 0.5));
        ModelProfile flat = MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.2, 0.1, 4.0));
        Bounds one = new Bounds(1, 1);

        double lowScaled = planner.plan(scaled, TWO_CORES, Sla.of(100, 2_000), Pins.NONE, one).predictedP99Millis();
        double highScaled = planner.plan(scaled, TWO_CORES, Sla.of(100, 10_000), Pins.NONE, one).predictedP99Millis();
        double lowFlat = planner.plan(flat, TWO_CORES, Sla.of(100, 2_000), Pins.NONE, one).predictedP99Millis();
        double highFlat = planner.plan(flat, TWO_CORES, Sla.of(100, 10_000), Pins.NONE, one).predictedP99Millis();

        // 2,000/s take 0.1 of the 2 cores for requests, 10,000/s half: the tail at 10,000/s is several times larger
        assertThat(lowScaled).isLessThan(lowFlat);
        assertThat(highScaled).isGreaterThan(highFlat);
        assertThat(highScaled / lowScaled).isGreaterThan(2 * highFlat / lowFlat);
    }

    @Test
    void aMeasuredOverheadTailSetsTheP99OfAFastModel() {
        // mlp on 2 cores: calls of tens of microseconds, a host that adds 0.25 ms at the median and 1.8 ms at the p99
        Plan plan = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.25, 0.1, 1.8)), TWO_CORES,
                Sla.of(5, 2_000), Pins.NONE, ONE_TO_FIFTY);
        Plan constant = planner.plan(MLP_ON_TWO_CORES.withRequestCost(new RequestCost(0.25, 0.1)), TWO_CORES,
                Sla.of(5, 2_000), Pins.NONE, ONE_TO_FIFTY);

        assertThat(plan.predictedP99Millis()).isBetween(1.8, 2.1);
        assertThat(constant.predictedP99Millis()).isLessThan(0.6);
    }
}
