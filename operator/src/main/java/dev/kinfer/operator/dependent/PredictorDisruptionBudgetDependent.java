package dev.kinfer.operator.dependent;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.desired.DisruptionBudgetBuilder;
import dev.kinfer.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The predictor's PodDisruptionBudget; exists only while the plan has two or more replicas
 * ({@link SeveralReplicas} deletes it below that).
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PredictorDisruptionBudgetDependent extends ManagedDependent<PodDisruptionBudget> {

    public PredictorDisruptionBudgetDependent() {
        super(PodDisruptionBudget.class);
    }

    @Override
    protected PodDisruptionBudget desired(InferenceService primary, Context<InferenceService> context) {
        return DisruptionBudgetBuilder.build(primary);
    }
}
