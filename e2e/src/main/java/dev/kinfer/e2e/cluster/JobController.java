package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Plays the Job controller and the kubelet for Jobs: each Job without a result gets one pod, run by {@link PodRun}
 * (its fetch init containers, then its container);
 * when it ends, the pod's container status carries the exit code and termination message, and the Job becomes
 * Complete or Failed. {@code activeDeadlineSeconds} is enforced. Retries are left to whoever created the Job.
 */
final class JobController implements AutoCloseable {

    private final KubernetesClient client;
    private final LocalVolumes volumes;
    private final Path root;
    private final Path podRoot;
    private final AgentLog log;
    private final Map<String, PodRun> runs = new HashMap<>();

    JobController(KubernetesClient client, LocalVolumes volumes, Path root, Path podRoot, AgentLog log) {
        this.client = client;
        this.volumes = volumes;
        this.root = root;
        this.podRoot = podRoot;
        this.log = log;
    }

    void sync(List<Job> jobs, Instant now) throws IOException {
        Set<String> present = jobs.stream().map(JobController::key).collect(Collectors.toSet());
        runs.entrySet().removeIf(entry -> {
            if (!present.contains(entry.getKey())) {
                if (!entry.getValue().finished()) {
                    entry.getValue().kill();
                    log.say("job " + entry.getKey() + " deleted; stopped its pod");
                }
                return true;
            }
            return false;
        });
        for (Job job : jobs) {
            if (finished(job.getStatus())) {
                continue;
            }
            PodRun run = runs.get(key(job));
            if (run == null) {
                runs.put(key(job), start(job));
            } else if (run.finished()) {
                finish(job, run, null);
            } else if (pastDeadline(job, run, now)) {
                run.kill();
                finish(job, run, "DeadlineExceeded");
            }
        }
    }

    private PodRun start(Job job) throws IOException {
        String podName = job.getMetadata().getName() + "-pod";
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(podName).withNamespace(job.getMetadata().getNamespace())
                    .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                    .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("batch/v1").withKind("Job")
                            .withName(job.getMetadata().getName()).withUid(job.getMetadata().getUid())
                            .withController(true).build())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .build();
        client.pods().resource(pod).createOr(existing -> existing.update());
        PodRun run = PodRun.start(podName, pod.getSpec(), volumes, root, podRoot.resolve(podName));
        log.say("job " + key(job) + ": started pod " + podName + " (" + String.join(" ",
                pod.getSpec().getContainers().get(0).getArgs()) + "), log " + run.log());
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(new JobStatusBuilder().withActive(1).withStartTime(run.startedAt().toString()).build());
                    return j;
                });
        return run;
    }

    private void finish(Job job, PodRun run, String failure) throws IOException {
        boolean succeeded = failure == null && run.exitCode() == 0;
        String message = run.terminationMessage();
        String finishedAt = Instant.now().toString();
        client.pods().inNamespace(job.getMetadata().getNamespace()).withName(run.podName()).editStatus(p -> {
            p.setStatus(new PodStatusBuilder().withPhase(succeeded ? "Succeeded" : "Failed")
                    .withContainerStatuses(new ContainerStatusBuilder()
                            .withName(p.getSpec().getContainers().get(0).getName())
                            .withImage(p.getSpec().getContainers().get(0).getImage())
                            .withReady(false).withRestartCount(0)
                            .withNewState().withNewTerminated().withExitCode(failure == null ? run.exitCode() : 137)
                                .withReason(succeeded ? "Completed" : "Error").withMessage(message)
                                .withStartedAt(run.startedAt().toString()).withFinishedAt(finishedAt)
                            .endTerminated().endState()
                            .build())
                    .build());
            return p;
        });
        JobStatus status = new JobStatusBuilder().withStartTime(run.startedAt().toString())
                .withSucceeded(succeeded ? 1 : 0).withFailed(succeeded ? 0 : 1)
                .withCompletionTime(succeeded ? finishedAt : null)
                .withConditions(new JobConditionBuilder().withType(succeeded ? "Complete" : "Failed").withStatus("True")
                        .withReason(succeeded ? "Completed" : failure == null ? "BackoffLimitExceeded" : failure)
                        .withMessage(succeeded ? "Job completed" : "Job has reached the specified backoff limit")
                        .withLastTransitionTime(finishedAt).withLastProbeTime(finishedAt).build())
                .build();
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .editStatus(j -> {
                    j.setStatus(status);
                    return j;
                });
        log.say("job " + key(job) + (succeeded ? " completed" : " failed (exit " + run.exitCode() + "): " + message));
    }

    private static boolean pastDeadline(Job job, PodRun run, Instant now) {
        Long deadline = job.getSpec().getActiveDeadlineSeconds();
        return deadline != null && now.isAfter(run.startedAt().plusSeconds(deadline));
    }

    private static boolean finished(JobStatus status) {
        return status != null && ((status.getSucceeded() != null && status.getSucceeded() > 0)
                || (status.getFailed() != null && status.getFailed() > 0));
    }

    private static String key(Job job) {
        return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }

    @Override
    public void close() {
        runs.values().forEach(PodRun::kill);
        runs.clear();
    }
}
