package dev.kinfer.operator.profile;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;

/** Profiling Jobs and pods in the states the Job controller and kubelet leave them, for tests. */
public final class ProfilingTestData {

    /** What the runtime's profile command writes for a small CPU model (the schema of status.profile). */
    public static final String CPU_PROFILE = """
            {"source":"measured","device":"cpu","weightsMiB":50,"contextMiB":200,"points":[
            {"batch":1,"workers":1,"throughputPerSecond":200,"p50Millis":4,"p99Millis":6,"memoryMiB":300},
            {"batch":1,"workers":2,"throughputPerSecond":350,"p50Millis":5,"p99Millis":8,"memoryMiB":320},
            {"batch":8,"workers":1,"throughputPerSecond":800,"p50Millis":9,"p99Millis":12,"memoryMiB":350},
            {"batch":8,"workers":2,"throughputPerSecond":1200,"p50Millis":12,"p99Millis":16,"memoryMiB":400}]}
            """;

    private ProfilingTestData() {
    }

    public static Job succeeded(Job job, String finishedAt) {
        return new JobBuilder(job).withStatus(new JobStatusBuilder().withSucceeded(1).withCompletionTime(finishedAt)
                .addToConditions(new JobConditionBuilder().withType("Complete").withStatus("True")
                        .withLastTransitionTime(finishedAt).build())
                .build()).build();
    }

    public static Job failed(Job job, String reason, String finishedAt) {
        return new JobBuilder(job).withStatus(new JobStatusBuilder().withFailed(1)
                .addToConditions(new JobConditionBuilder().withType("Failed").withStatus("True").withReason(reason)
                        .withMessage("Job was active longer than specified deadline")
                        .withLastTransitionTime(finishedAt).build())
                .build()).build();
    }

    /** The Job's pod after its container ended with this exit code and termination message. */
    public static Pod terminatedPod(Job job, int exitCode, String message) {
        return new PodBuilder()
                .withNewMetadata()
                    .withName(job.getMetadata().getName() + "-abcde")
                    .withNamespace(job.getMetadata().getNamespace())
                    .withLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus()
                    .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                    .withContainerStatuses(new ContainerStatusBuilder().withName(ProfilingJobBuilder.COMPONENT)
                            .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                            .endTerminated().endState().build())
                .endStatus()
                .build();
    }
}
