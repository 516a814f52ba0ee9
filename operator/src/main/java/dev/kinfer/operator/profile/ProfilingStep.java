package dev.kinfer.operator.profile;

import dev.kinfer.api.v1alpha1.ProfileSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.List;

/**
 * What to do about the profile in this reconcile: the profile to plan from (and to show in status.profile), the
 * Profiled condition, and the Job actions for the reconciler to carry out.
 *
 * @param profile the profile to plan from, or null when none is available yet
 * @param conditionStatus the Profiled condition's status, or null when there is no SLA and so no condition
 * @param createAttempt the attempt number of a profiling Job to create, or null
 * @param delete profiling Jobs to delete
 * @param recheckAfter when to reconcile again without an event (a retry that is not due yet), or null
 */
public record ProfilingStep(ProfileSpec profile, String conditionStatus, String conditionReason,
        String conditionMessage, Integer createAttempt, List<Job> delete, Duration recheckAfter) {
}
