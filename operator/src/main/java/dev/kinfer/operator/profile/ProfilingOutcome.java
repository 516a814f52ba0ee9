package dev.kinfer.operator.profile;

import dev.kinfer.api.v1alpha1.ProfileSpec;
import java.time.Instant;

/** Where the latest profiling Job of the current model stands, as read from the Job and its pod. */
public sealed interface ProfilingOutcome {

    /** No profiling Job exists for the current model. */
    record NotStarted() implements ProfilingOutcome {
    }

    record Running(String jobName, int attempt) implements ProfilingOutcome {
    }

    /** The Job completed and its pod's termination message held a profile. */
    record Succeeded(String jobName, int attempt, ProfileSpec profile) implements ProfilingOutcome {
    }

    /** The Job failed, timed out, or completed without a readable profile. */
    record Failed(String jobName, int attempt, String message, Instant finishedAt) implements ProfilingOutcome {
    }
}
