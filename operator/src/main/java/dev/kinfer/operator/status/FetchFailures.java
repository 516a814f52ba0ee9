package dev.kinfer.operator.status;

import dev.kinfer.operator.desired.FetchContainer;
import dev.kinfer.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Why predictor pods cannot download their model: the termination message of a failed fetch-model init container
 * (the fetch command's one line naming the URI and the HTTP status or the checksums). Pure: reads pods the operator's
 * informer already caches.
 */
public final class FetchFailures {

    private static final int MAX_MESSAGE = 1024;

    private FetchFailures() {
    }

    /** One line per predictor pod of {@code instance} whose fetch-model init container last failed, by pod name. */
    public static List<String> of(Collection<Pod> pods, String instance) {
        List<String> failures = new ArrayList<>();
        pods.stream()
                .filter(p -> isPredictorOf(p, instance))
                .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
                .forEach(pod -> failure(pod).ifPresent(failures::add));
        return failures;
    }

    /** The first failure, and how many more pods fail, short enough for a condition message. */
    static String summary(List<String> failures) {
        String first = failures.get(0);
        String text = failures.size() == 1 ? first : first + " (and " + (failures.size() - 1) + " more pods)";
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }

    private static boolean isPredictorOf(Pod pod, String instance) {
        Map<String, String> labels = pod.getMetadata().getLabels();
        return labels != null && instance.equals(labels.get(Labels.INSTANCE))
                && Labels.PREDICTOR.equals(labels.get(Labels.COMPONENT)) && pod.getMetadata().getDeletionTimestamp() == null;
    }

    private static java.util.Optional<String> failure(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getInitContainerStatuses() == null) {
            return java.util.Optional.empty();
        }
        for (ContainerStatus status : pod.getStatus().getInitContainerStatuses()) {
            if (!FetchContainer.NAME.equals(status.getName())) {
                continue;
            }
            // Failed now, or failed last time and waiting in back-off for the next attempt.
            ContainerStateTerminated terminated = failed(status.getState());
            if (terminated == null && status.getState() != null && status.getState().getWaiting() != null) {
                terminated = failed(status.getLastState());
            }
            if (terminated != null) {
                String message = terminated.getMessage() == null || terminated.getMessage().isBlank()
                        ? "no message (exit code " + terminated.getExitCode() + ")" : terminated.getMessage().strip();
                return java.util.Optional.of("pod " + pod.getMetadata().getName() + " cannot download the model: "
                        + message + "; the kubelet retries with backoff");
            }
        }
        return java.util.Optional.empty();
    }

    private static ContainerStateTerminated failed(ContainerState state) {
        ContainerStateTerminated terminated = state == null ? null : state.getTerminated();
        return terminated != null && terminated.getExitCode() != null && terminated.getExitCode() != 0
                ? terminated : null;
    }
}
