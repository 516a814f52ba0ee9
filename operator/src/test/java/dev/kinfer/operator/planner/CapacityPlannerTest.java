package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {

    private static final ModelProfile RESNET = H200Profiles.resnet18Fp32();
    private static final Hardware GPU_80 = Hardware.gpu(1, H200Profiles.GPU_80_GIB, 0.1);
    private static final Bounds ONE_TO_TWENTY = new Bounds(1, 20);

    private final CapacityPlanner planner = new CapacityPlanner();

    @Test
    void workedExampleNeedsThreeGpusForFiftyThousandPerSecondAtTenMillis() {
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(10, 50_000), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.replicas()).isEqualTo(3);
        assertThat(plan.workersPerPod()).isEqualTo(2);
        assertThat(plan.maxBatchSize()).isEqualTo(32);
        assertThat(plan.predictedP99Millis()).isLessThanOrEqualTo(10);
        assertThat(plan.predictedThroughputPerSecond()).isGreaterThanOrEqualTo(50_000);
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.THROUGHPUT);
        assertThat(plan.runnerUp()).isNotNull();
        assertThat(plan.reason()).contains("3 replicas", "50,000/s", "beat").doesNotContain("\n");
    }

    @Test
    void fewerGpusWinOverLowerP99() {
        // At 15,000/s one pod at 2 workers x 32 carries it at 89 %; two pods would be faster but cost a GPU more.
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(20, 15_000), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.replicas()).isEqualTo(1);
        assertThat(plan.utilisation()).isLessThanOrEqualTo(CapacityPlanner.UTILISATION_CAP);
    }

    @Test
    void p99BelowTheFastestMeasuredCallIsInfeasibleAndSaysSo() {
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(1, 5_000), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.SERVICE_TIME);
        assertThat(plan.reason()).startsWith("p99 1.0 ms is below the fastest measured service time 1.6 ms at batch 8");
        assertThat(plan.replicas()).isBetween(1, 20);
    }

    @Test
    void throughputBeyondMaxReplicasIsInfeasibleAtMaxReplicas() {
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(10, 50_000), Pins.NONE, new Bounds(1, 2));

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.MAX_REPLICAS);
        assertThat(plan.replicas()).isEqualTo(2);
        assertThat(plan.reason()).contains("maxReplicas 2 carry at most 37,325/s at 90 % utilisation, below the 50,000/s asked");
    }

    @Test
    void nothingFitsInATinyGpu() {
        Plan plan = planner.plan(RESNET, Hardware.gpu(1, 512, 0.1), Sla.of(10, 1_000), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.MEMORY);
        assertThat(plan.reason()).contains("886 MiB per GPU", "512 MiB less 10 % headroom leaves 461 MiB");
    }

    @Test
    void aSmallGpuRulesOutTheHungryConfigurations() {
        Plan plan = planner.plan(RESNET, Hardware.gpu(1, 2048, 0.1), Sla.of(10, 20_000), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.memory().perProcessMiB()).isLessThanOrEqualTo(2048 * 0.9);
        // 4 workers take 2,380 MiB even at batch 1.
        assertThat(plan.workersPerPod()).isLessThanOrEqualTo(2);
    }

    @Test
    void pinsThatMakeTheSlaUnreachableAreNamedAsTheBindingConstraint() {
        // 8 workers x batch 64 calls take 25 ms; with a 10 ms delay nothing gets them under 10 ms.
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(10, 20_000), new Pins(8, 64, 10), ONE_TO_TWENTY);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.PINS);
        assertThat(plan.workersPerPod()).isEqualTo(8);
        assertThat(plan.maxBatchSize()).isEqualTo(64);
        assertThat(plan.reason()).contains("workers 8, maxBatchSize 64, maxBatchDelayMillis 10").contains("unpinned");
    }

    @Test
    void pinnedBatchBetweenMeasuredSizesIsInterpolated() {
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(10, 20_000), new Pins(2, 24, 4), ONE_TO_TWENTY);

        assertThat(plan.feasible()).isTrue();
        assertThat(List.of(plan.workersPerPod(), plan.maxBatchSize(), plan.maxBatchDelayMillis())).containsExactly(2, 24, 4);
    }

    @Test
    void minReplicasAboveTheNeedBindsTheReplicaCount() {
        Plan plan = planner.plan(RESNET, GPU_80, Sla.of(10, 1_000), Pins.NONE, new Bounds(3, 20));

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.replicas()).isEqualTo(3);
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.MIN_REPLICAS);
    }

    @Test
    void withoutAThroughputTargetPlansTheMostMinReplicasCarryWithinTheP99() {
        Plan plan = planner.plan(RESNET, GPU_80, new Sla(10.0, null), Pins.NONE, new Bounds(2, 20));

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.replicas()).isEqualTo(2);
        assertThat(plan.predictedP99Millis()).isLessThanOrEqualTo(10);
        // Two pods at 2 workers x 64 carry about 2 x 18,500/s.
        assertThat(plan.predictedThroughputPerSecond()).isGreaterThan(30_000);
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.LATENCY);
    }

    @Test
    void withoutAThroughputTargetAnUnreachableP99IsStillNamed() {
        Plan plan = planner.plan(RESNET, GPU_80, new Sla(1.0, null), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.bindingConstraint()).isEqualTo(BindingConstraint.SERVICE_TIME);
    }

    @Test
    void withoutAP99TargetCarriesTheThroughputAtTheUtilisationCap() {
        Plan plan = planner.plan(RESNET, GPU_80, new Sla(null, 50_000.0), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.replicas()).isEqualTo(3);
        assertThat(plan.utilisation()).isLessThanOrEqualTo(CapacityPlanner.UTILISATION_CAP);
    }

    @Test
    void twoGpusPerPodRunOneProcessPerGpuAndCountBothGpus() {
        Plan plan = planner.plan(RESNET, Hardware.gpu(2, H200Profiles.GPU_80_GIB, 0.1), Sla.of(10, 50_000), Pins.NONE,
                ONE_TO_TWENTY);

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.workersPerPod() % 2).isZero();
        assertThat(plan.replicas() * 2).isGreaterThanOrEqualTo(3);
        assertThat(plan.gpuMemoryPerPodMiB()).isEqualTo(2 * plan.memory().perProcessMiB());
    }

    @Test
    void cpuOnlyPodsNeverRunMoreWorkersThanCores() {
        ModelProfile cpu = new ModelProfile(44, 300, List.of(
                new ProfilePoint(1, 1, 40, 24, 30, 400), new ProfilePoint(1, 8, 90, 88, 100, 700),
                new ProfilePoint(2, 1, 75, 26, 34, 450), new ProfilePoint(2, 8, 150, 105, 125, 1000),
                new ProfilePoint(4, 1, 130, 30, 40, 550), new ProfilePoint(4, 8, 200, 160, 190, 1600),
                new ProfilePoint(8, 1, 140, 57, 80, 750), new ProfilePoint(8, 8, 205, 310, 380, 2800)));

        Plan plan = planner.plan(cpu, Hardware.cpuOnly(4, 4096, 0.1), Sla.of(400, 500), Pins.NONE, ONE_TO_TWENTY);

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.workersPerPod()).isLessThanOrEqualTo(4);
        assertThat(plan.gpuMemoryPerPodMiB()).isZero();
        assertThat(plan.reason()).contains("pods");
    }

    @Test
    void pinnedWorkersMustSpreadEvenlyOverTheGpus() {
        assertThatThrownBy(() -> planner.plan(RESNET, Hardware.gpu(2, 81920, 0.1), Sla.of(10, 1000),
                new Pins(3, null, null), ONE_TO_TWENTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("pins.workers is 3; expected a multiple of hardware.gpusPerPod 2 (each GPU runs the same number of workers)");
    }
}
