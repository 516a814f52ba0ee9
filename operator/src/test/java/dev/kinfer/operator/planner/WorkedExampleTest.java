package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The example of docs/planner.md, planned and then replayed through the simulator. */
class WorkedExampleTest {

    @Test
    void theWorkedExamplesPlanHoldsInTheSimulator() {
        ModelProfile profile = H200Profiles.resnet18Fp32();
        Plan plan = new CapacityPlanner().plan(profile, Hardware.gpu(1, H200Profiles.GPU_80_GIB, 0.1),
                Sla.of(10, 50_000), Pins.NONE, new Bounds(1, 20));

        double perPod = 50_000.0 / plan.replicas();
        BatchingSimulator.Result simulated = new BatchingSimulator(profile, plan.workersPerPod())
                .run(plan.workersPerPod(), plan.maxBatchSize(), plan.maxBatchDelayMillis(), perPod, 2026, 1_000_000, 50_000);
        System.out.printf("worked example: %s%n  reason: %s%n  simulated p99 %.2f ms at %.0f/s per pod (utilisation %.2f)%n",
                plan, plan.reason(), simulated.p99Millis(), perPod, simulated.utilisation());

        assertThat(simulated.p99Millis()).isLessThanOrEqualTo(10);
        assertThat(Math.abs(plan.predictedP99Millis() - simulated.p99Millis()) / simulated.p99Millis())
                .isLessThanOrEqualTo(SimulatorAgreementTest.TOLERANCE);
    }
}
