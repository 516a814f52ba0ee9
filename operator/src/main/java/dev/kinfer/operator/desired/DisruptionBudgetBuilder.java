package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.InferenceService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * The PodDisruptionBudget of a predictor with two or more replicas: node drains evict its pods one at a time, so
 * the service keeps serving. With one replica a budget would block drains forever, so there is none.
 */
public final class DisruptionBudgetBuilder {

    public static final int MIN_REPLICAS_FOR_BUDGET = 2;

    private DisruptionBudgetBuilder() {
    }

    public static boolean wanted(Sizing sizing) {
        return sizing.replicas() >= MIN_REPLICAS_FOR_BUDGET;
    }

    public static PodDisruptionBudget build(InferenceService isvc) {
        return new PodDisruptionBudgetBuilder()
                .withMetadata(Owners.ownedMetadata(isvc, Labels.deploymentName(isvc), Labels.predictor(isvc)))
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(1))
                    .withNewSelector().withMatchLabels(Labels.selector(isvc)).endSelector()
                .endSpec()
                .build();
    }
}
