package dev.kinfer.operator.profile;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.config.OperatorConfig;
import dev.kinfer.operator.desired.DeploymentBuilder;
import dev.kinfer.operator.desired.Labels;
import dev.kinfer.operator.desired.Owners;
import dev.kinfer.operator.desired.PinnedSizing;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profiling Job of an InferenceService: the serving pod (same image, model volume, resources, scheduling and
 * security) running the runtime's {@code profile} command once, which writes the measured profile as JSON into the
 * container's termination message. Pure: built from the same pod template the Deployment uses.
 */
public final class ProfilingJobBuilder {

    public static final String COMPONENT = "profiler";
    /** Label on the Job and its pods naming the Job, so that pods map back without relying on controller labels. */
    public static final String JOB_LABEL = "serving.kinfer.dev/profile-job";
    public static final String ATTEMPT_ANNOTATION = "serving.kinfer.dev/profile-attempt";
    public static final String MODEL_URI_ANNOTATION = "serving.kinfer.dev/model-uri";
    public static final String TERMINATION_LOG = "/dev/termination-log";
    public static final String SELECTOR = Labels.MANAGED_SELECTOR + "," + Labels.COMPONENT + "=" + COMPONENT;
    /** Slack on top of model loading and the measuring budget before Kubernetes stops the Job. */
    private static final int DEADLINE_SLACK_SECONDS = 60;

    private ProfilingJobBuilder() {
    }

    public static String jobName(InferenceService isvc, int attempt) {
        return isvc.getMetadata().getName() + "-profile-" + attempt;
    }

    public static Job build(InferenceService isvc, int attempt, OperatorConfig config) {
        String name = jobName(isvc, attempt);
        PodSpec serving = DeploymentBuilder.build(isvc, PinnedSizing.of(isvc.getSpec().getPredictor()), config)
                .getSpec().getTemplate().getSpec();
        Container runtime = serving.getContainers().get(0);
        String modelPath = env(runtime, "KINFER_MODEL_URI");
        Container profiler = new ContainerBuilder(runtime)
                .withName(COMPONENT)
                .withArgs(List.of("profile", "--model", modelPath, "--out", TERMINATION_LOG,
                        "--budget-seconds", Integer.toString(config.profilingBudgetSeconds())))
                .withPorts(List.of())
                .withReadinessProbe(null)
                .withLivenessProbe(null)
                .withStartupProbe(null)
                .withLifecycle(null)
                .withTerminationMessagePath(TERMINATION_LOG)
                // A failed run writes no file: its last log line (the command's one-line error) becomes the message.
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .build();
        PodSpec pod = new PodSpecBuilder(serving)
                .withContainers(profiler)
                .withRestartPolicy("Never")
                .build();
        Map<String, String> labels = labels(isvc, name);
        return new JobBuilder()
                .withMetadata(new ObjectMetaBuilder(Owners.ownedMetadata(isvc, name, labels))
                        .addToAnnotations(ATTEMPT_ANNOTATION, Integer.toString(attempt))
                        .addToAnnotations(MODEL_URI_ANNOTATION,
                                isvc.getSpec().getPredictor().getModel().getStorageUri())
                        .build())
                .withNewSpec()
                    // One pod, no retries by Kubernetes: the operator retries with its own backoff and says so.
                    .withBackoffLimit(0)
                    .withActiveDeadlineSeconds((long) config.modelLoadTimeoutSeconds() + config.profilingBudgetSeconds()
                            + DEADLINE_SLACK_SECONDS)
                    .withNewTemplate()
                        .withNewMetadata().withLabels(labels).endMetadata()
                        .withSpec(pod)
                    .endTemplate()
                .endSpec()
                .build();
    }

    private static Map<String, String> labels(InferenceService isvc, String jobName) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, Labels.RUNTIME);
        labels.put(Labels.INSTANCE, isvc.getMetadata().getName());
        labels.put(Labels.COMPONENT, COMPONENT);
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        labels.put(Labels.PART_OF, Labels.KINFER);
        labels.put(JOB_LABEL, jobName);
        return labels;
    }

    private static String env(Container container, String name) {
        List<EnvVar> env = container.getEnv() == null ? new ArrayList<>() : container.getEnv();
        return env.stream().filter(e -> name.equals(e.getName())).map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new IllegalStateException("the runtime container has no " + name));
    }
}
