package dev.kinfer.operator.desired;

import static dev.kinfer.operator.Fixtures.predictor;
import static dev.kinfer.operator.Fixtures.resnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.BatchingSpec;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PlanStatus;
import org.junit.jupiter.api.Test;

class PinnedSizingTest {

    @Test
    void defaultsToOneWorkerNoBatchingAndOneReplica() {
        Sizing sizing = PinnedSizing.of(predictor(resnet()));
        assertEquals(new Sizing(1, 1, 0, 1, null, sizing.reason()), sizing);
    }

    @Test
    void takesEveryPinAsItIs() {
        InferenceService isvc = resnet();
        predictor(isvc).setWorkers(4);
        predictor(isvc).setMinReplicas(3);
        BatchingSpec batching = new BatchingSpec();
        batching.setMaxBatchSize(16);
        batching.setMaxBatchDelayMillis(5);
        predictor(isvc).setBatching(batching);
        Sizing sizing = PinnedSizing.of(predictor(isvc));
        assertEquals(new Sizing(4, 16, 5, 3, null, sizing.reason()), sizing);
    }

    @Test
    void saysWhichNumbersArePinnedAndThatSlaPlanningIsNotEnabled() {
        InferenceService isvc = resnet();
        predictor(isvc).setWorkers(2);
        String reason = PinnedSizing.of(predictor(isvc)).reason();
        assertEquals("workers and replicas from pins and defaults (pinned: workers; defaults: maxBatchSize, "
                + "maxBatchDelayMillis, replicas); no spec.sla, so nothing was planned", reason);
    }

    @Test
    void reportsThePlanWithoutPredictionsOrAFeasibilityVerdict() {
        PlanStatus plan = PinnedSizing.of(predictor(resnet())).toPlanStatus();
        assertEquals(1, plan.getWorkersPerPod());
        assertEquals(1, plan.getReplicas());
        assertNull(plan.getFeasible());
        assertNull(plan.getPredictedP99Millis());
        assertTrue(plan.getReason().endsWith("no spec.sla, so nothing was planned"));
    }
}
