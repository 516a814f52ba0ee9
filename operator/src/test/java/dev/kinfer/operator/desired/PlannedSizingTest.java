package dev.kinfer.operator.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.BatchingSpec;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.api.v1alpha1.ProfilePoint;
import dev.kinfer.api.v1alpha1.SpeedDriftScale;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.planner.Hardware;
import dev.kinfer.operator.planner.MemoryBreakdown;
import dev.kinfer.operator.planner.Plan;
import dev.kinfer.operator.planner.RequestCost;
import dev.kinfer.operator.planner.Sla;
import dev.kinfer.operator.planner.SpeedDrift;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlannedSizingTest {

    private static final PlannedSizing.Defaults DEFAULTS = new PlannedSizing.Defaults(16 * 1024, 2048, 0.1);

    @Test
    void aGpuLimitMakesAGpuPodWithTheDeclaredGpuMemory() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        PlanRequest request = request(isvc);

        assertEquals(Hardware.gpu(1, 80 * 1024, 0.1), request.hardware());
    }

    @Test
    void aGpuPodWithoutGpuMemoryUsesTheOperatorDefault() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        Fixtures.predictor(isvc).setGpuMemory(null);

        assertEquals(16 * 1024, request(isvc).hardware().gpuMemoryMiB());
    }

    @Test
    void aCpuPodTakesItsCoresAndMemoryFromTheLimitsRoundingCoresUp() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        Fixtures.predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("1500m")).addToLimits("memory", new Quantity("3Gi")).build());

        assertEquals(Hardware.cpuOnly(2, 3072, 0.1), request(isvc).hardware());
    }

    @Test
    void pinsAndBoundsComeFromThePredictor() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        PredictorSpec predictor = Fixtures.predictor(isvc);
        predictor.setWorkers(4);
        BatchingSpec batching = new BatchingSpec();
        batching.setMaxBatchSize(16);
        predictor.setBatching(batching);
        predictor.setMinReplicas(0);
        predictor.setMaxReplicas(null);
        PlanRequest request = request(isvc);

        assertEquals(4, request.pins().workers());
        assertEquals(16, request.pins().maxBatchSize());
        assertNull(request.pins().maxBatchDelayMillis());
        assertEquals(1, request.bounds().minReplicas(), "scale to zero is not planned");
        assertEquals(PlannedSizing.DEFAULT_MAX_REPLICAS_WITH_SLA, request.bounds().maxReplicas());
    }

    @Test
    void aProfilePointWithoutLatencyIsRejectedNamingTheSpecField() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        ProfilePoint point = isvc.getSpec().getProfile().getPoints().get(2);
        point.setP50Millis(null);
        point.setP99Millis(null);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> request(isvc));
        assertEquals("spec.profile.points[2] needs p50Millis or p99Millis", e.getMessage());
    }

    @Test
    void aProfileThePlannerRefusesIsReportedUnderSpec() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        isvc.getSpec().getProfile().getPoints().get(0).setP99Millis(0.01);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> request(isvc));
        assertTrue(e.getMessage().startsWith("spec.profile.points.p99Millis"), e.getMessage());
    }

    @Test
    void anOverloadedBestEffortPlanShowsNoP99RatherThanInfinity() {
        Plan plan = new Plan(2, 8, 2, 20, Double.POSITIVE_INFINITY, 123.456, 2048.4, false, "overloaded", null,
                new MemoryBreakdown(1, 44, 1, 1000, 94, 70000), 1.2, null);

        Sizing sizing = PlannedSizing.of(plan, new GpuMemory(80 * 1024, "spec.predictor.gpuMemory"), Sla.of(10, 1000));

        assertNull(sizing.predictedP99Millis());
        assertEquals(123.5, sizing.predictedThroughputPerSecond());
        assertEquals(2048.0, sizing.gpuMemoryPerPodMiB());
        assertEquals(Sizing.Outcome.SLA_NOT_MET, sizing.outcome());
        assertEquals(80 * 1024.0, sizing.toPlanStatus().getGpuMemoryMiB());
        assertEquals("spec.predictor.gpuMemory", sizing.toPlanStatus().getGpuMemorySource());
    }

    @Test
    void theQueueHoldsWhatThePodCarriesInTwiceTheTargetPlusWhatIsInFlight() {
        Plan resnetOnCpu = new Plan(2, 4, 40, 1, 390, 45, 0, true, "why", null,
                new MemoryBreakdown(1, 52, 1, 178, 238, 3686), 0.85, null);
        // 45/s for 2 x 400 ms is 36 arriving + 8 in flight, and 64 at least.
        assertEquals(64, PlannedSizing.queueCapacity(resnetOnCpu, Sla.of(400, 40)));
        // 45/s for 2 x 1 s: 90 + 8.
        assertEquals(98, PlannedSizing.queueCapacity(resnetOnCpu, Sla.of(1000, 40)));
    }

    @Test
    void aShortTargetStillLeavesRoomForAStallOfATenthOfASecond() {
        Plan plan = plan(2, 32, 3);
        // 50,283/s planned over 3 pods: twice 10 ms is 335 arrivals, shorter than a throttled CFS period's 1,677;
        // + 64 in flight.
        assertEquals(1677 + 64, PlannedSizing.queueCapacity(plan, Sla.of(10, 50_000)));
        // 20 ms of queue is less than a tenth of a second too
        assertEquals(1677 + 64, PlannedSizing.queueCapacity(plan, Sla.of(50, 50_000)));
        // beyond it the target decides: 2 x 80 ms
        assertEquals(2682 + 64, PlannedSizing.queueCapacity(plan, Sla.of(80, 50_000)));
    }

    @Test
    void aPodThatCarriesLittleStillQueuesAtLeast64Requests() {
        Plan cpu = new Plan(1, 1, 0, 1, 0.34, 400, 0, true, "why", null,
                new MemoryBreakdown(1, 0.03, 1, 179, 178, 3686), 0.04, null);
        // 400/s for 0.1 s is 40 requests; a queue that short overflows on a burst
        assertEquals(64, PlannedSizing.queueCapacity(cpu, Sla.of(1.3, 120)));
    }

    @Test
    void withoutAP99TargetTheQueueHoldsOneSecondOfTheCapacity() {
        Plan cpu = new Plan(1, 1, 0, 1, 0.34, 400, 0, true, "why", null,
                new MemoryBreakdown(1, 0.03, 1, 179, 178, 3686), 0.04, null);
        assertEquals(400 + 1, PlannedSizing.queueCapacity(cpu, new Sla(null, 120.0)));
    }

    @Test
    void aReplanThatOnlyChangesTheReplicaCountKeepsTheQueueAndSoThePodTemplate() {
        Plan three = plan(2, 32, 3);
        Plan six = new Plan(2, 32, 3, 6, 5.8, 2 * 50_283, 2114, true, "why", null,
                new MemoryBreakdown(1, 44, 1, 1976, 94, 73728), 0.89, null);

        assertEquals(PlannedSizing.queueCapacity(three, Sla.of(10, 50_000)),
                PlannedSizing.queueCapacity(six, Sla.of(10, 100_000)));
    }

    @Test
    void aPlanThatCarriesNothingWithinTheTargetQueuesItsShareOfTheSla() {
        Plan bestEffort = new Plan(2, 32, 3, 3, 50, 0, 2114, false, "why", null,
                new MemoryBreakdown(1, 44, 1, 1976, 94, 73728), 1.2, null);
        // 50,000/s over 3 pods for 0.1 s: 1,667 arriving + 64 in flight.
        assertEquals(1667 + 64, PlannedSizing.queueCapacity(bestEffort, Sla.of(10, 50_000)));
    }

    @Test
    void theQueueHoldsAtLeastTwoBatchesPerWorker() {
        Plan slow = new Plan(2, 32, 3, 1, 5.8, 500, 2114, true, "why", null,
                new MemoryBreakdown(1, 44, 1, 1976, 94, 73728), 0.89, null);
        // 500/s for 0.1 s is 50 + 64 in flight, fewer than two batches of 32 for each of the 2 workers
        assertEquals(2 * 2 * 32, PlannedSizing.queueCapacity(slow, Sla.of(1, 100)));
    }

    @Test
    void aPlannedQueueCapacityReachesTheRuntime() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        Sizing sizing = PlannedSizing.of(plan(2, 32, 3), new GpuMemory(80 * 1024, "spec"), Sla.of(10, 50_000));
        var env = DeploymentBuilder.build(isvc, sizing, dev.kinfer.operator.TestConfig.defaults()).getSpec()
                .getTemplate().getSpec().getContainers().get(0).getEnv();
        assertTrue(env.stream().anyMatch(e -> e.getName().equals("KINFER_QUEUE_CAPACITY") && e.getValue().equals("1741")));
    }

    @Test
    void theProfilesRequestCostReachesThePlanner() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        isvc.getSpec().getProfile().setRequestOverheadMillis(0.31);
        isvc.getSpec().getProfile().setRequestCpuMillis(0.12);

        assertEquals(new RequestCost(0.31, 0.12), request(isvc).profile().requestCost());
        isvc.getSpec().getProfile().setRequestOverheadP99Millis(1.7);
        assertEquals(new RequestCost(0.31, 0.12, 1.7), request(isvc).profile().requestCost());
        isvc.getSpec().getProfile().setRequestOverheadP99Utilisation(0.55);
        assertEquals(new RequestCost(0.31, 0.12, 1.7, 0.55), request(isvc).profile().requestCost());
        isvc.getSpec().getProfile().setRequestBatchCpuMillis(0.07);
        assertEquals(new RequestCost(0.31, 0.12, 1.7, 0.55, 0.07), request(isvc).profile().requestCost());
    }

    @Test
    void aDeclaredOverheadP99BelowItsMedianIsRefusedNamingTheField() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        isvc.getSpec().getProfile().setRequestOverheadMillis(0.31);
        isvc.getSpec().getProfile().setRequestOverheadP99Millis(0.2);

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> request(isvc));
        assertTrue(e.getMessage().startsWith("spec.profile.requestOverheadP99Millis is 0.2; expected >= requestOverheadMillis"),
                e.getMessage());
    }

    @Test
    void theProfilesSpeedDriftReachesThePlanner() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        isvc.getSpec().getProfile().setSpeedDrift(List.of(new SpeedDriftScale(0.4, 0.003), new SpeedDriftScale(0.2, 0.004)));

        assertEquals(new SpeedDrift(List.of(new SpeedDrift.Scale(0.2, 0.004), new SpeedDrift.Scale(0.4, 0.003))),
                request(isvc).profile().speedDrift());
    }

    @Test
    void aSpeedDriftScaleWithoutItsFiguresIsRefusedNamingIt() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        SpeedDriftScale missing = new SpeedDriftScale();
        missing.setSeconds(0.4);
        isvc.getSpec().getProfile().setSpeedDrift(List.of(new SpeedDriftScale(0.2, 0.004), missing));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> request(isvc));
        assertTrue(e.getMessage().contains("profile.speedDrift[1] needs seconds and variance"), e.getMessage());
    }

    @Test
    void aProfileWithoutARequestCostPlansRequestsAsFree() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());

        assertEquals(RequestCost.NONE, request(isvc).profile().requestCost());
        assertEquals(SpeedDrift.NONE, request(isvc).profile().speedDrift());
    }

    private static Plan plan(int workers, int batch, int replicas) {
        return new Plan(workers, batch, 3, replicas, 5.8, 50_283, 2114, true, "why", null,
                new MemoryBreakdown(1, 44, 1, 1976, 94, 73728), 0.89, null);
    }

    private static PlanRequest request(InferenceService isvc) {
        return PlannedSizing.request(isvc.getSpec().getPredictor(), isvc.getSpec().getSla(),
                isvc.getSpec().getProfile(), DEFAULTS,
                GpuMemory.resolve(isvc.getSpec().getPredictor(), List.of(), DEFAULTS.gpuMemoryMiB()));
    }
}
