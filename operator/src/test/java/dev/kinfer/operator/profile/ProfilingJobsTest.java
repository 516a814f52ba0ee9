package dev.kinfer.operator.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.TestConfig;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilingJobsTest {

    private static final String URI = "pvc://models/resnet18.pt";
    private static final String AT = "2026-11-26T08:00:00Z";
    private final InferenceService isvc = Fixtures.resnet();
    private final Job first = ProfilingJobBuilder.build(isvc, 1, TestConfig.defaults());
    private final Job second = ProfilingJobBuilder.build(isvc, 2, TestConfig.defaults());

    @Test
    void withoutJobsNothingHasStarted() {
        assertInstanceOf(ProfilingOutcome.NotStarted.class, new ProfilingJobs(List.of(), List.of(), URI).latest());
    }

    @Test
    void aJobWithoutAnOutcomeIsRunning() {
        ProfilingOutcome outcome = new ProfilingJobs(List.of(second, ProfilingTestData.failed(first, "X", AT)),
                List.of(), URI).latest();
        assertEquals(new ProfilingOutcome.Running("resnet-profile-2", 2), outcome);
    }

    @Test
    void aCompletedJobYieldsTheProfileFromItsPodsTerminationMessage() {
        Job done = ProfilingTestData.succeeded(first, AT);
        ProfilingOutcome outcome = new ProfilingJobs(List.of(done),
                List.of(ProfilingTestData.terminatedPod(done, 0, ProfilingTestData.CPU_PROFILE)), URI).latest();
        ProfilingOutcome.Succeeded succeeded = assertInstanceOf(ProfilingOutcome.Succeeded.class, outcome);
        assertEquals(4, succeeded.profile().getPoints().size());
        assertEquals(1200.0, succeeded.profile().getPoints().get(3).getThroughputPerSecond());
    }

    @Test
    void aJobPastItsDeadlineFailsWithTheReasonAndThePodsLastWords() {
        Job failed = ProfilingTestData.failed(first, "DeadlineExceeded", AT);
        ProfilingOutcome outcome = new ProfilingJobs(List.of(failed),
                List.of(ProfilingTestData.terminatedPod(failed, 1, "model file not found: /mnt/models/x.pt")), URI)
                .latest();
        ProfilingOutcome.Failed f = assertInstanceOf(ProfilingOutcome.Failed.class, outcome);
        assertEquals(Instant.parse(AT), f.finishedAt());
        assertTrue(f.message().startsWith("DeadlineExceeded: Job was active longer than specified deadline"),
                f.message());
        assertTrue(f.message().contains("exit code 1: model file not found"), f.message());
    }

    @Test
    void aCompletedJobWhoseMessageIsNoProfileCountsAsFailed() {
        Job done = ProfilingTestData.succeeded(first, AT);
        ProfilingOutcome outcome = new ProfilingJobs(List.of(done),
                List.of(ProfilingTestData.terminatedPod(done, 0, "{not json")), URI).latest();
        ProfilingOutcome.Failed f = assertInstanceOf(ProfilingOutcome.Failed.class, outcome);
        assertTrue(f.message().startsWith("the profiling pod's termination message is not a profile"), f.message());
    }

    @Test
    void jobsThatMeasuredAnotherModelAreStale() {
        ProfilingJobs jobs = new ProfilingJobs(List.of(first), List.of(), "pvc://models/other.pt");
        assertInstanceOf(ProfilingOutcome.NotStarted.class, jobs.latest());
        assertEquals(List.of(first), jobs.stale());
    }
}
