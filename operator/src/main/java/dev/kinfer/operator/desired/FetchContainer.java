package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.ModelSpec;
import dev.kinfer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The init container that downloads an http(s):// or s3:// model into the model-store emptyDir before the runtime
 * starts: the runtime image's {@code fetch} command, under the same restricted security context. A failed download
 * exits non-zero with one line naming the URI and the cause in its termination message, so {@code kubectl describe
 * pod} shows why the pod does not start; the kubelet retries it with its own backoff.
 */
public final class FetchContainer {

    public static final String NAME = "fetch-model";
    public static final String TERMINATION_LOG = "/dev/termination-log";

    /** Secret keys passed to the init container when spec.predictor.model.credentialsSecret is set: key → required. */
    static final Map<String, Boolean> CREDENTIAL_KEYS = credentialKeys();

    private FetchContainer() {
    }

    static Container build(ModelSpec model, ModelLocation.Fetched location, String image,
            ResourceRequirements runtimeResources, OperatorConfig config) {
        List<String> args = new ArrayList<>(List.of("fetch", "--uri", location.uri(), "--out", location.runtimePath()));
        if (model.getSha256() != null) {
            args.addAll(List.of("--sha256", model.getSha256().toLowerCase(Locale.ROOT)));
        }
        args.addAll(List.of("--max-bytes", Long.toString(maxBytes(config)), "--message-file", TERMINATION_LOG));
        // The runtime and the profile command take the input signature from <stem>.json beside the model.
        location.sidecarUri().ifPresent(sidecar -> args.addAll(List.of("--sidecar-uri", sidecar)));
        return new ContainerBuilder()
                .withName(NAME)
                .withImage(image)
                .withImagePullPolicy(config.imagePullPolicy())
                .withArgs(args)
                .withEnv(env(model))
                .withResources(withoutGpus(runtimeResources))
                .withVolumeMounts(
                        new VolumeMountBuilder().withName(RuntimeContainer.MODEL_VOLUME)
                                .withMountPath(ModelLocation.MOUNT_PATH).build(),
                        PodSecurity.tmpMount())
                .withSecurityContext(PodSecurity.container())
                .withTerminationMessagePath(TERMINATION_LOG)
                // --message-file is written on every failure the command sees; the logs cover a JVM that dies first.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
    }

    /** The emptyDir's size limit in bytes, so the command stops with a clear message before the kubelet evicts. */
    static long maxBytes(OperatorConfig config) {
        return Quantity.getAmountInBytes(new Quantity(config.modelDownloadSizeLimit())).longValue();
    }

    private static List<EnvVar> env(ModelSpec model) {
        List<EnvVar> env = new ArrayList<>();
        String secret = model.getCredentialsSecret();
        if (secret == null) {
            return env;
        }
        CREDENTIAL_KEYS.forEach((key, required) -> env.add(new EnvVarBuilder().withName(key)
                .withNewValueFrom()
                    .withNewSecretKeyRef().withName(secret).withKey(key).withOptional(required ? null : Boolean.TRUE)
                    .endSecretKeyRef()
                .endValueFrom()
                .build()));
        return env;
    }

    // A download needs memory and CPU like the runtime has, but a GPU only wastes scheduling time on it.
    private static ResourceRequirements withoutGpus(ResourceRequirements resources) {
        ResourceRequirementsBuilder builder = new ResourceRequirementsBuilder(resources);
        if (resources.getLimits() != null) {
            Map<String, Quantity> limits = new LinkedHashMap<>(resources.getLimits());
            limits.remove(RuntimeContainer.GPU_RESOURCE);
            builder.withLimits(limits.isEmpty() ? null : limits);
        }
        if (resources.getRequests() != null) {
            Map<String, Quantity> requests = new LinkedHashMap<>(resources.getRequests());
            requests.remove(RuntimeContainer.GPU_RESOURCE);
            builder.withRequests(requests.isEmpty() ? null : requests);
        }
        return builder.build();
    }

    private static Map<String, Boolean> credentialKeys() {
        Map<String, Boolean> keys = new LinkedHashMap<>();
        keys.put("AWS_ACCESS_KEY_ID", true);
        keys.put("AWS_SECRET_ACCESS_KEY", true);
        keys.put("AWS_SESSION_TOKEN", false);
        keys.put("AWS_REGION", false);
        keys.put("AWS_ENDPOINT_URL_S3", false);
        return java.util.Collections.unmodifiableMap(keys);
    }
}
