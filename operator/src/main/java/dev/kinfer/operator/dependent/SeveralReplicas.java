package dev.kinfer.operator.dependent;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.desired.DisruptionBudgetBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.dependent.DependentResource;
import io.javaoperatorsdk.operator.processing.dependent.workflow.Condition;

/** Holds when this reconcile's plan runs two or more replicas: the condition for a PodDisruptionBudget. */
public class SeveralReplicas implements Condition<PodDisruptionBudget, InferenceService> {

    @Override
    public boolean isMet(DependentResource<PodDisruptionBudget, InferenceService> dependentResource,
            InferenceService primary, Context<InferenceService> context) {
        return DisruptionBudgetBuilder.wanted(DesiredInputs.from(context).sizing());
    }
}
