package dev.kinfer.operator.profile;

import static dev.kinfer.api.v1alpha1.Conditions.FALSE;
import static dev.kinfer.api.v1alpha1.Conditions.TRUE;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Decides whether an InferenceService needs a measured profile and what to do about it. A profile is needed when
 * the spec sets an SLA but declares no profile and the status holds none measured for the current model. Failed
 * attempts are retried with exponential backoff (never a hot loop); the clock comes in as an argument.
 */
public final class ProfilingPolicy {

    public static final String DECLARED = "Declared";
    public static final String MEASURED = "Measured";
    public static final String PROFILING = "Profiling";
    public static final String PROFILING_FAILED = "ProfilingFailed";

    private final Duration initialBackoff;
    private final Duration maxBackoff;

    public ProfilingPolicy(Duration initialBackoff, Duration maxBackoff) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
    }

    /** Wait after the given failed attempt (1-based): initial, 2x, 4x, ... capped at the maximum. */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), 20));
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    public ProfilingStep decide(InferenceService isvc, ProfilingJobs jobs, Instant now) {
        ProfileSpec declared = isvc.getSpec().getProfile();
        ProfileSpec stored = isvc.getStatus() == null ? null : isvc.getStatus().getProfile();
        String modelUri = isvc.getSpec().getPredictor().getModel().getStorageUri();
        if (isvc.getSpec().getSla() == null) {
            return new ProfilingStep(stored, null, null, null, null, jobs.all(), null);
        }
        if (declared != null && declared.getPoints() != null && !declared.getPoints().isEmpty()) {
            return new ProfilingStep(declared, TRUE, DECLARED, "spec.profile declares "
                    + declared.getPoints().size() + " measured points", null, jobs.all(), null);
        }
        if (stored != null && ProfileSpec.SOURCE_MEASURED.equals(stored.getSource())
                && modelUri.equals(stored.getModelUri())) {
            return new ProfilingStep(stored, TRUE, MEASURED, measuredMessage(stored), null, jobs.all(), null);
        }
        ProfilingOutcome outcome = jobs.latest();
        if (outcome instanceof ProfilingOutcome.NotStarted) {
            return start(1, jobs.stale(), "measuring " + modelUri + " with profiling Job "
                    + ProfilingJobBuilder.jobName(isvc, 1));
        }
        if (outcome instanceof ProfilingOutcome.Running running) {
            return new ProfilingStep(null, FALSE, PROFILING, "profiling Job " + running.jobName() + " (attempt "
                    + running.attempt() + ") is measuring " + modelUri, null, jobs.stale(), null);
        }
        if (outcome instanceof ProfilingOutcome.Succeeded succeeded) {
            ProfileSpec measured = succeeded.profile();
            measured.setSource(ProfileSpec.SOURCE_MEASURED);
            measured.setModelUri(modelUri);
            return new ProfilingStep(measured, TRUE, MEASURED, measuredMessage(measured), null, jobs.all(), null);
        }
        ProfilingOutcome.Failed failed = (ProfilingOutcome.Failed) outcome;
        Instant due = failed.finishedAt().plus(backoffAfter(failed.attempt()));
        String failure = "profiling Job " + failed.jobName() + " (attempt " + failed.attempt() + ") failed: "
                + failed.message();
        if (!now.isBefore(due)) {
            int next = failed.attempt() + 1;
            return new ProfilingStep(null, FALSE, PROFILING_FAILED, failure + "; retrying with Job "
                    + ProfilingJobBuilder.jobName(isvc, next), next, jobs.all(), null);
        }
        return new ProfilingStep(null, FALSE, PROFILING_FAILED, failure + "; retrying at " + due, null,
                jobs.stale(), Duration.between(now, due));
    }

    private static ProfilingStep start(int attempt, List<io.fabric8.kubernetes.api.model.batch.v1.Job> delete,
            String message) {
        return new ProfilingStep(null, FALSE, PROFILING, message, attempt, delete, null);
    }

    private static String measuredMessage(ProfileSpec profile) {
        return "measured " + profile.getPoints().size() + " points" + (profile.getDevice() == null ? ""
                : " on " + profile.getDevice());
    }
}
