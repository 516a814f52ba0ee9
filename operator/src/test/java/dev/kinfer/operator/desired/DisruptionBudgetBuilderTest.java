package dev.kinfer.operator.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;

class DisruptionBudgetBuilderTest {

    @Test
    void onlyTwoOrMoreReplicasGetABudget() {
        assertFalse(DisruptionBudgetBuilder.wanted(new Sizing(1, 1, 0, 1, null, "one")));
        assertTrue(DisruptionBudgetBuilder.wanted(new Sizing(1, 1, 0, 2, null, "two")));
    }

    @Test
    void letsDrainsEvictOnePredictorPodAtATime() {
        InferenceService isvc = Fixtures.resnet();
        PodDisruptionBudget budget = DisruptionBudgetBuilder.build(isvc);
        assertEquals("resnet-predictor", budget.getMetadata().getName());
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(Labels.selector(isvc), budget.getSpec().getSelector().getMatchLabels());
        assertTrue(budget.getMetadata().getOwnerReferences().get(0).getController());
    }
}
