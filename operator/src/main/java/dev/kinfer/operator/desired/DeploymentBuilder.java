package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * The desired predictor Deployment of an InferenceService: a pure function of the resource, the sizes and the
 * operator configuration. Call only for a resource that passed validation.
 */
public final class DeploymentBuilder {

    /**
     * The kubelet's whole budget for stopping a pod, counted from the start of the preStop hook: the hook (5 s), the
     * runtime's drain (3 s) and finishing accepted work (30 s), plus slack for the JVM to exit.
     */
    public static final long TERMINATION_GRACE_SECONDS = RuntimeContainer.PRE_STOP_SECONDS
            + RuntimeContainer.SHUTDOWN_DRAIN_SECONDS + RuntimeContainer.SHUTDOWN_TIMEOUT_SECONDS + 7;

    private DeploymentBuilder() {
    }

    public static Deployment build(InferenceService isvc, Sizing sizing, OperatorConfig config) {
        PredictorSpec predictor = isvc.getSpec().getPredictor();
        ModelLocation location = ModelLocation.parse(predictor.getModel().getStorageUri());
        Container runtime = RuntimeContainer.build(isvc, location, sizing, config);
        // http(s):// and s3:// models are downloaded by an init container from the runtime's own image.
        List<Container> init = location instanceof ModelLocation.Fetched fetched
                ? List.of(FetchContainer.build(predictor.getModel(), fetched, runtime.getImage(), runtime.getResources(),
                        config))
                : null;
        // Fabric8's builder of the same simple name; this class builds *our* Deployment with it.
        return new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder()
                .withMetadata(Owners.ownedMetadata(isvc, Labels.deploymentName(isvc), Labels.predictor(isvc)))
                .withNewSpec()
                    .withReplicas(sizing.replicas())
                    .withNewSelector().withMatchLabels(Labels.selector(isvc)).endSelector()
                    .withNewTemplate()
                        .withNewMetadata().withLabels(Labels.predictor(isvc)).endMetadata()
                        .withNewSpec()
                            // The runtime never calls the API server, so it gets no token to lose.
                            .withAutomountServiceAccountToken(false)
                            // preStop, then the runtime's drain and finish (KINFER_SHUTDOWN_DRAIN/TIMEOUT): the
                            // kubelet must not kill it sooner.
                            .withTerminationGracePeriodSeconds(TERMINATION_GRACE_SECONDS)
                            .withSecurityContext(PodSecurity.pod())
                            .withInitContainers(init)
                            .withContainers(runtime)
                            .withVolumes(volumes(location, config))
                            // Scheduling is the user's: passed through as given (the profiling Job inherits it).
                            .withNodeSelector(predictor.getNodeSelector())
                            .withTolerations(predictor.getTolerations())
                            .withAffinity(predictor.getAffinity())
                            .withPriorityClassName(predictor.getPriorityClassName())
                        .endSpec()
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static List<Volume> volumes(ModelLocation location, OperatorConfig config) {
        List<Volume> volumes = new ArrayList<>();
        // DJL extracts libtorch at start; an emptyDir keeps that working with a read-only root file system.
        volumes.add(new VolumeBuilder().withName(RuntimeContainer.DJL_CACHE_VOLUME)
                .withNewEmptyDir().withNewSizeLimit(config.djlCacheSizeLimit()).endEmptyDir()
                .build());
        volumes.add(PodSecurity.tmpVolume());
        if (location instanceof ModelLocation.Pvc pvc) {
            volumes.add(new VolumeBuilder().withName(RuntimeContainer.MODEL_VOLUME)
                    .withNewPersistentVolumeClaim().withClaimName(pvc.claim()).withReadOnly(true)
                    .endPersistentVolumeClaim()
                    .build());
        } else if (location instanceof ModelLocation.Fetched) {
            volumes.add(new VolumeBuilder().withName(RuntimeContainer.MODEL_VOLUME)
                    .withNewEmptyDir().withNewSizeLimit(config.modelDownloadSizeLimit()).endEmptyDir()
                    .build());
        }
        return volumes;
    }
}
