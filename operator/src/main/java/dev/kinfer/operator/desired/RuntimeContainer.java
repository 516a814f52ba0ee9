package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The model runtime container, configured through the environment the runtime contract defines (DESIGN.md). */
public final class RuntimeContainer {

    public static final String NAME = "runtime";
    public static final String PORT_NAME = "http";
    public static final int PORT = 8080;
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String DJL_CACHE_PATH = "/var/cache/djl";
    static final String DJL_CACHE_VOLUME = "djl-cache";
    static final String MODEL_VOLUME = "model-store";

    public static final String READY_PATH = "/v2/health/ready";
    public static final String LIVE_PATH = "/v2/health/live";
    static final int STARTUP_PERIOD_SECONDS = 5;

    /**
     * Seconds the kubelet waits in the preStop hook before it sends SIGTERM. A terminating pod is removed from the
     * Service's EndpointSlices while this runs, but kube-proxy, ingress controllers and client-side balancers learn
     * of it a few seconds later; until then they still send requests, which the runtime must still answer.
     */
    public static final long PRE_STOP_SECONDS = 5;
    /** After SIGTERM the runtime answers not-ready but keeps serving new requests for this long (docs/runtime.md). */
    public static final long SHUTDOWN_DRAIN_SECONDS = 3;
    /** Then it refuses new requests and finishes the accepted ones for at most this long. */
    public static final long SHUTDOWN_TIMEOUT_SECONDS = 30;

    private RuntimeContainer() {
    }

    static Container build(InferenceService isvc, ModelLocation location, Sizing sizing, OperatorConfig config) {
        PredictorSpec predictor = isvc.getSpec().getPredictor();
        ResourceRequirements resources = predictor.getResources() == null
                ? new ResourceRequirements()
                : new ResourceRequirementsBuilder(predictor.getResources()).build();
        return new ContainerBuilder()
                .withName(NAME)
                .withImage(predictor.getImage() != null ? predictor.getImage() : config.runtimeImage())
                .withImagePullPolicy(config.imagePullPolicy())
                .addNewPort().withName(PORT_NAME).withContainerPort(PORT).withProtocol("TCP").endPort()
                .withEnv(env(isvc, location, sizing, config, resources))
                .withResources(resources)
                .withVolumeMounts(mounts(location))
                .withSecurityContext(PodSecurity.container())
                .withStartupProbe(startupProbe(config))
                .withReadinessProbe(httpProbe(READY_PATH, 5, 3))
                .withLivenessProbe(httpProbe(LIVE_PATH, 10, 3))
                // The kubelet's own sleep action (Kubernetes 1.30+): the image has no shell or sleep binary, and an
                // HTTP hook would hold a runtime thread for nothing.
                .withNewLifecycle().withNewPreStop().withNewSleep(PRE_STOP_SECONDS).endPreStop().endLifecycle()
                .build();
    }

    private static List<EnvVar> env(InferenceService isvc, ModelLocation location, Sizing sizing,
            OperatorConfig config, ResourceRequirements resources) {
        String modelName = isvc.getSpec().getPredictor().getModel().getName();
        List<EnvVar> env = new ArrayList<>();
        env.add(new EnvVar("KINFER_MODEL_URI", location.runtimePath(), null));
        env.add(new EnvVar("KINFER_MODEL_NAME", modelName != null ? modelName : isvc.getMetadata().getName(), null));
        env.add(new EnvVar("KINFER_WORKERS", Integer.toString(sizing.workersPerPod()), null));
        env.add(new EnvVar("KINFER_MAX_BATCH_SIZE", Integer.toString(sizing.maxBatchSize()), null));
        env.add(new EnvVar("KINFER_MAX_BATCH_DELAY_MS", Integer.toString(sizing.maxBatchDelayMillis()), null));
        int queue = sizing.queueCapacity() != null ? sizing.queueCapacity() : config.defaultQueueCapacity();
        env.add(new EnvVar("KINFER_QUEUE_CAPACITY", Integer.toString(queue), null));
        env.add(new EnvVar("KINFER_DEVICE", hasGpu(resources) ? "gpu" : "cpu", null));
        env.add(new EnvVar("QUARKUS_HTTP_PORT", Integer.toString(PORT), null));
        // Set, not left to the runtime's defaults, because the pod's termination grace period is computed from them.
        env.add(new EnvVar("KINFER_SHUTDOWN_DRAIN", SHUTDOWN_DRAIN_SECONDS + "S", null));
        env.add(new EnvVar("KINFER_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT_SECONDS + "S", null));
        // DJL phones home and downloads libtorch unless told not to; the image ships everything it needs.
        env.add(new EnvVar("DJL_OFFLINE", "true", null));
        env.add(new EnvVar("OPT_OUT_TRACKING", "true", null));
        env.add(new EnvVar("DJL_CACHE_DIR", DJL_CACHE_PATH, null));
        env.add(new EnvVar("ENGINE_CACHE_DIR", DJL_CACHE_PATH, null));
        return env;
    }

    /** True when the container's nvidia.com/gpu limit is above zero (GPUs are only ever set as limits). */
    public static boolean hasGpu(ResourceRequirements resources) {
        Map<String, Quantity> limits = resources == null ? null : resources.getLimits();
        Quantity gpus = limits == null ? null : limits.get(GPU_RESOURCE);
        return gpus != null && gpus.getNumericalAmount().compareTo(BigDecimal.ZERO) > 0;
    }

    private static List<VolumeMount> mounts(ModelLocation location) {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(DJL_CACHE_VOLUME).withMountPath(DJL_CACHE_PATH).build());
        mounts.add(PodSecurity.tmpMount());
        if (location instanceof ModelLocation.Pvc || location instanceof ModelLocation.Fetched) {
            // the claim, or the emptyDir the init container downloaded into: the runtime only reads either
            mounts.add(new VolumeMountBuilder().withName(MODEL_VOLUME).withMountPath(ModelLocation.MOUNT_PATH)
                    .withReadOnly(true).build());
        }
        return mounts;
    }

    // Until the first success the startup probe holds back liveness, so a slow model load is not killed;
    // it uses the ready endpoint because the runtime is ready only once the model is loaded and warmed.
    private static Probe startupProbe(OperatorConfig config) {
        int attempts = Math.max(1, (config.modelLoadTimeoutSeconds() + STARTUP_PERIOD_SECONDS - 1)
                / STARTUP_PERIOD_SECONDS);
        return new ProbeBuilder()
                .withNewHttpGet().withPath(READY_PATH).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withPeriodSeconds(STARTUP_PERIOD_SECONDS)
                .withTimeoutSeconds(2)
                .withFailureThreshold(attempts)
                .build();
    }

    private static Probe httpProbe(String path, int periodSeconds, int failureThreshold) {
        return new ProbeBuilder()
                .withNewHttpGet().withPath(path).withPort(new IntOrString(PORT_NAME)).endHttpGet()
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(2)
                .withFailureThreshold(failureThreshold)
                .build();
    }
}
