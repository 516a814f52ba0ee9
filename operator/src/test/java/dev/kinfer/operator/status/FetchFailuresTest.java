package dev.kinfer.operator.status;

import static dev.kinfer.operator.Fixtures.predictor;
import static dev.kinfer.operator.Fixtures.resnet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;
import dev.kinfer.operator.TestConfig;
import dev.kinfer.operator.desired.DeploymentBuilder;
import dev.kinfer.operator.desired.PinnedSizing;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A failed model download, read from a predictor pod's init container, explains why a service is not ready. */
class FetchFailuresTest {

    private static final String MESSAGE = "fetch https://models.example.com/resnet18.pt: HTTP 404 (a 404 is not "
            + "retried)";

    private static Pod pod(String name, String instance, String component, ContainerStatus init) {
        return new PodBuilder()
                .withNewMetadata().withName(name).withNamespace("vision")
                    .withLabels(Map.of("app.kubernetes.io/instance", instance, "app.kubernetes.io/component", component))
                .endMetadata()
                .withNewStatus().withInitContainerStatuses(init).endStatus()
                .build();
    }

    /** As the kubelet reports an init container in back-off after it failed. */
    private static ContainerStatus backingOff(String container, int exitCode, String message) {
        return new ContainerStatusBuilder().withName(container).withRestartCount(2)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().endState()
                .withNewLastState().withNewTerminated().withExitCode(exitCode).withMessage(message).endTerminated()
                .endLastState()
                .build();
    }

    private static ContainerStatus running(String container) {
        return new ContainerStatusBuilder().withName(container)
                .withNewState().withNewRunning().endRunning().endState().build();
    }

    @Test
    void namesThePodAndQuotesTheFetchCommandsMessage() {
        List<String> failures = FetchFailures.of(List.of(pod("resnet-predictor-a", "resnet", "predictor",
                backingOff("fetch-model", 1, MESSAGE + "\n"))), "resnet");

        assertThat(failures).containsExactly("pod resnet-predictor-a cannot download the model: " + MESSAGE
                + "; the kubelet retries with backoff");
    }

    @Test
    void ignoresRunningDownloadsOtherServicesProfilingPodsAndOtherInitContainers() {
        List<Pod> pods = List.of(
                pod("resnet-predictor-a", "resnet", "predictor", running("fetch-model")),
                pod("bert-predictor-a", "bert", "predictor", backingOff("fetch-model", 1, MESSAGE)),
                pod("resnet-profile-1-pod", "resnet", "profiler", backingOff("fetch-model", 1, MESSAGE)),
                pod("resnet-predictor-b", "resnet", "predictor", backingOff("istio-init", 1, "no")));

        assertThat(FetchFailures.of(pods, "resnet")).isEmpty();
    }

    @Test
    void saysTheExitCodeWhenThereIsNoMessage() {
        List<String> failures = FetchFailures.of(List.of(pod("resnet-predictor-a", "resnet", "predictor",
                backingOff("fetch-model", 137, ""))), "resnet");

        assertThat(failures).containsExactly("pod resnet-predictor-a cannot download the model: no message (exit "
                + "code 137); the kubelet retries with backoff");
    }

    @Test
    void aFailedDownloadMakesTheServiceNotReadyAndDegradedWithItsMessage() {
        InferenceService isvc = resnet();
        List<String> failures = List.of("pod a cannot download the model: " + MESSAGE, "pod b cannot download: x");

        InferenceServiceStatus status = aggregate(isvc, deployment(isvc, 0), failures);

        Condition ready = condition(status, "Ready");
        assertThat(ready.getStatus()).isEqualTo("False");
        assertThat(ready.getReason()).isEqualTo("ModelFetchFailed");
        assertThat(ready.getMessage()).isEqualTo("pod a cannot download the model: " + MESSAGE + " (and 1 more pods)");
        assertThat(condition(status, "Degraded").getStatus()).isEqualTo("True");
        assertThat(condition(status, "Degraded").getReason()).isEqualTo("ModelFetchFailed");
        assertThat(status.getConditions()).extracting(Condition::getType).doesNotHaveDuplicates();
    }

    @Test
    void aFailedDownloadOfOnePodDoesNotOverruleAnAvailableService() {
        InferenceService isvc = resnet();

        InferenceServiceStatus status = aggregate(isvc, deployment(isvc, 1), List.of("pod a cannot download: x"));

        assertThat(condition(status, "Ready").getReason()).isEqualTo("DeploymentAvailable");
    }

    private static InferenceServiceStatus aggregate(InferenceService isvc, Deployment deployment,
            List<String> failures) {
        return new StatusAggregator("cluster.local", Clock.fixed(Instant.EPOCH, ZoneOffset.UTC))
                .aggregate(isvc, List.of(), PinnedSizing.of(predictor(isvc)), deployment, true, null, failures);
    }

    private static Deployment deployment(InferenceService isvc, int available) {
        Deployment deployment = DeploymentBuilder.build(isvc, PinnedSizing.of(predictor(isvc)), TestConfig.defaults());
        deployment.getMetadata().setGeneration(1L);
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(1L).withReplicas(1)
                .withUpdatedReplicas(1).withReadyReplicas(available).withAvailableReplicas(available).build());
        return deployment;
    }

    private static Condition condition(InferenceServiceStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }
}
