package dev.kinfer.operator.profile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the profiling Jobs of one InferenceService and their pods into a {@link ProfilingOutcome}. Pure: the
 * reconciler passes what its informers hold.
 */
public final class ProfilingJobs {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final int MAX_MESSAGE = 512;

    private final List<Job> current;
    private final List<Job> stale;
    private final Collection<Pod> pods;

    /** @param modelUri the storageUri being served; Jobs that measured another model are stale */
    public ProfilingJobs(Collection<Job> jobs, Collection<Pod> pods, String modelUri) {
        this.current = jobs.stream().filter(j -> modelUri.equals(annotation(j, ProfilingJobBuilder.MODEL_URI_ANNOTATION)))
                .sorted(Comparator.comparingInt(ProfilingJobs::attempt)).toList();
        this.stale = jobs.stream().filter(j -> !current.contains(j)).toList();
        this.pods = pods;
    }

    /** Every profiling Job that exists, for clean-up once a profile is stored. */
    public List<Job> all() {
        return java.util.stream.Stream.concat(current.stream(), stale.stream()).toList();
    }

    /** Jobs that measured a model no longer served. */
    public List<Job> stale() {
        return stale;
    }

    public ProfilingOutcome latest() {
        if (current.isEmpty()) {
            return new ProfilingOutcome.NotStarted();
        }
        Job job = current.get(current.size() - 1);
        String name = job.getMetadata().getName();
        int attempt = attempt(job);
        Optional<JobCondition> failed = condition(job, "Failed");
        if (failed.isPresent() || count(job.getStatus() == null ? null : job.getStatus().getFailed()) > 0) {
            String why = failed.map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                    .orElse("the profiling pod failed");
            String detail = terminated(name).map(t -> " (" + describe(t) + ")").orElse("");
            return new ProfilingOutcome.Failed(name, attempt, why + detail, finishedAt(job, failed));
        }
        Optional<JobCondition> complete = condition(job, "Complete");
        if (complete.isEmpty() && count(job.getStatus() == null ? null : job.getStatus().getSucceeded()) == 0) {
            return new ProfilingOutcome.Running(name, attempt);
        }
        Instant finished = finishedAt(job, complete);
        Optional<String> message = terminated(name).map(ContainerStateTerminated::getMessage).filter(Objects::nonNull);
        if (message.isEmpty()) {
            return new ProfilingOutcome.Failed(name, attempt,
                    "the profiling pod completed without a profile in its termination message", finished);
        }
        try {
            ProfileSpec profile = JSON.readValue(message.get(), ProfileSpec.class);
            if (profile.getPoints() == null || profile.getPoints().isEmpty()) {
                return new ProfilingOutcome.Failed(name, attempt, "the measured profile has no points", finished);
            }
            return new ProfilingOutcome.Succeeded(name, attempt, profile);
        } catch (JsonProcessingException e) {
            return new ProfilingOutcome.Failed(name, attempt, "the profiling pod's termination message is not a "
                    + "profile: " + shorten(e.getOriginalMessage()), finished);
        }
    }

    private Optional<ContainerStateTerminated> terminated(String jobName) {
        return pods.stream()
                .filter(p -> jobName.equals(p.getMetadata().getLabels() == null ? null
                        : p.getMetadata().getLabels().get(ProfilingJobBuilder.JOB_LABEL)))
                .filter(p -> p.getStatus() != null && p.getStatus().getContainerStatuses() != null)
                .flatMap(p -> p.getStatus().getContainerStatuses().stream())
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated())
                .findFirst();
    }

    private static String describe(ContainerStateTerminated terminated) {
        String text = "exit code " + terminated.getExitCode();
        if (terminated.getMessage() != null && !terminated.getMessage().isBlank()) {
            text += ": " + shorten(terminated.getMessage().strip());
        } else if (terminated.getReason() != null) {
            text += ": " + terminated.getReason();
        }
        return text;
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }

    private static Instant finishedAt(Job job, Optional<JobCondition> condition) {
        return condition.map(JobCondition::getLastTransitionTime).filter(Objects::nonNull).map(Instant::parse)
                .or(() -> Optional.ofNullable(job.getStatus() == null ? null : job.getStatus().getCompletionTime())
                        .map(Instant::parse))
                .or(() -> Optional.ofNullable(job.getMetadata().getCreationTimestamp()).map(Instant::parse))
                .orElse(Instant.EPOCH);
    }

    static int attempt(Job job) {
        try {
            return Integer.parseInt(annotation(job, ProfilingJobBuilder.ATTEMPT_ANNOTATION));
        } catch (NumberFormatException | NullPointerException e) {
            return 0;
        }
    }

    private static String annotation(Job job, String key) {
        return job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static String shorten(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "...";
    }
}
