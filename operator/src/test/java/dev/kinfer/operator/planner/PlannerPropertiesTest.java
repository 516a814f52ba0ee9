package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties every plan must have, checked over sweeps and seeded random inputs on the H200 profile. */
class PlannerPropertiesTest {

    private static final ModelProfile RESNET = H200Profiles.resnet18Fp32();
    private static final Hardware GPU_80 = Hardware.gpu(1, H200Profiles.GPU_80_GIB, 0.1);
    private static final Bounds WIDE = new Bounds(1, 40);

    private final CapacityPlanner planner = new CapacityPlanner();

    @Test
    void moreThroughputNeverYieldsFewerReplicas() {
        int previous = 0;
        for (double throughput = 1_000; throughput <= 150_000; throughput *= 1.6) {
            Plan plan = planner.plan(RESNET, GPU_80, Sla.of(10, throughput), Pins.NONE, WIDE);
            assertThat(plan.replicas()).as("replicas at %.0f/s", throughput).isGreaterThanOrEqualTo(previous);
            previous = plan.replicas();
        }
    }

    @Test
    void aLooserLatencyTargetNeverYieldsMoreGpus() {
        int previous = Integer.MAX_VALUE;
        for (double p99 : new double[] {2, 3, 4, 5, 7, 10, 15, 25, 40}) {
            Plan plan = planner.plan(RESNET, GPU_80, Sla.of(p99, 40_000), Pins.NONE, WIDE);
            int gpus = plan.replicas() * GPU_80.gpusPerPod();
            assertThat(gpus).as("GPUs at p99 %.0f ms", p99).isLessThanOrEqualTo(previous);
            previous = gpus;
        }
    }

    @Test
    void memoryNeverExceedsTheGpuMinusHeadroom() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 12; i++) {
            double gpuMiB = 1024 + random.nextDouble() * 16 * 1024;
            double headroom = random.nextDouble() * 0.3;
            Hardware hw = Hardware.gpu(1 + random.nextInt(2), gpuMiB, headroom);
            Plan plan = planner.plan(RESNET, hw, Sla.of(5 + random.nextInt(20), 2_000 + random.nextInt(60_000)),
                    Pins.NONE, WIDE);
            if (plan.bindingConstraint() != BindingConstraint.MEMORY) {
                assertThat(plan.memory().perProcessMiB()).as("plan %s on %.0f MiB less %.2f", plan, gpuMiB, headroom)
                        .isLessThanOrEqualTo(gpuMiB * (1 - headroom));
                assertThat(plan.gpuMemoryPerPodMiB()).isLessThanOrEqualTo(hw.gpusPerPod() * gpuMiB * (1 - headroom));
            }
        }
    }

    @Test
    void pinsAlwaysHold() {
        SplittableRandom random = new SplittableRandom(5);
        List<Pins> pins = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pins.add(new Pins(random.nextBoolean() ? 1 + random.nextInt(8) : null,
                    random.nextBoolean() ? 1 + random.nextInt(64) : null,
                    random.nextBoolean() ? random.nextInt(12) : null));
        }
        for (Pins pin : pins) {
            Plan plan = planner.plan(RESNET, GPU_80, Sla.of(15, 30_000), pin, WIDE);
            if (pin.workers() != null) {
                assertThat(plan.workersPerPod()).as("%s", pin).isEqualTo(pin.workers());
            }
            if (pin.maxBatchSize() != null) {
                assertThat(plan.maxBatchSize()).as("%s", pin).isEqualTo(pin.maxBatchSize());
            }
            if (pin.maxBatchDelayMillis() != null) {
                assertThat(plan.maxBatchDelayMillis()).as("%s", pin).isEqualTo(pin.maxBatchDelayMillis());
            }
        }
    }

    @Test
    void replicasStayWithinTheBoundsAndFeasiblePlansMeetTheSla() {
        SplittableRandom random = new SplittableRandom(23);
        for (int i = 0; i < 10; i++) {
            int min = 1 + random.nextInt(3);
            Bounds bounds = new Bounds(min, min + random.nextInt(6));
            Sla sla = Sla.of(1 + random.nextInt(30), 500 + random.nextInt(120_000));
            Plan plan = planner.plan(RESNET, GPU_80, sla, Pins.NONE, bounds);
            assertThat(plan.replicas()).isBetween(bounds.minReplicas(), bounds.maxReplicas());
            assertThat(plan.reason()).isNotBlank().doesNotContain("\n");
            if (plan.feasible()) {
                assertThat(plan.predictedP99Millis()).isLessThanOrEqualTo(sla.p99Millis());
                assertThat(plan.utilisation()).isLessThanOrEqualTo(CapacityPlanner.UTILISATION_CAP);
                assertThat(plan.predictedThroughputPerSecond()).isGreaterThanOrEqualTo(sla.throughputPerSecond() * 0.999);
            } else {
                assertThat(plan.bindingConstraint()).isIn(BindingConstraint.MAX_REPLICAS, BindingConstraint.SERVICE_TIME,
                        BindingConstraint.LATENCY, BindingConstraint.MEMORY);
            }
        }
    }

    @Test
    void planningIsDeterministic() {
        Plan first = planner.plan(RESNET, GPU_80, Sla.of(8, 33_000), Pins.NONE, WIDE);
        Plan second = planner.plan(RESNET, GPU_80, Sla.of(8, 33_000), Pins.NONE, WIDE);
        assertThat(second).isEqualTo(first);
    }
}
