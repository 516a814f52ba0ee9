package dev.kinfer.operator.dependent;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.desired.Labels;
import dev.kinfer.operator.desired.ServiceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service in front of the predictor pods; same lifecycle as {@link PredictorDeploymentDependent}. */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PredictorServiceDependent extends ManagedDependent<Service> {

    public PredictorServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(InferenceService primary, Context<InferenceService> context) {
        return ServiceBuilder.build(primary);
    }
}
