package dev.kinfer.operator.dependent;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.desired.DeploymentBuilder;
import dev.kinfer.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The predictor Deployment. Created and updated only when the reconciler runs the workflow (a valid spec);
 * deleted by Kubernetes garbage collection through its owner reference, never by the operator.
 */
@KubernetesDependent(informer = @Informer(labelSelector = Labels.MANAGED_SELECTOR))
public class PredictorDeploymentDependent extends ManagedDependent<Deployment> {

    public PredictorDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(InferenceService primary, Context<InferenceService> context) {
        DesiredInputs inputs = DesiredInputs.from(context);
        return DeploymentBuilder.build(primary, inputs.sizing(), inputs.config());
    }
}
