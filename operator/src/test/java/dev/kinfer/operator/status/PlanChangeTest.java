package dev.kinfer.operator.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.PlanStatus;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PlanChangeTest {

    @Test
    void theFirstPlanIsAChangeFromNothing() {
        assertEquals(Optional.of("workers - -> 2, maxBatchSize - -> 32, maxBatchDelayMillis - -> 3, replicas - -> 3: why"),
                PlanChange.between(null, plan(2, 32, 3, 3, 5.8)));
    }

    @Test
    void namesOnlyTheSizesThatChanged() {
        assertEquals(Optional.of("replicas 3 -> 4: why"),
                PlanChange.between(plan(2, 32, 3, 3, 5.8), plan(2, 32, 3, 4, 5.8)));
    }

    @Test
    void aChangedPredictionAloneIsNoPlanChange() {
        assertTrue(PlanChange.between(plan(2, 32, 3, 3, 5.8), plan(2, 32, 3, 3, 6.1)).isEmpty());
    }

    private static PlanStatus plan(int workers, int batch, int delay, int replicas, double p99) {
        PlanStatus plan = new PlanStatus();
        plan.setWorkersPerPod(workers);
        plan.setMaxBatchSize(batch);
        plan.setMaxBatchDelayMillis(delay);
        plan.setReplicas(replicas);
        plan.setPredictedP99Millis(p99);
        plan.setReason("why");
        return plan;
    }
}
