package dev.kinfer.operator.status;

import static dev.kinfer.api.v1alpha1.Conditions.AVAILABLE;
import static dev.kinfer.api.v1alpha1.Conditions.DEGRADED;
import static dev.kinfer.api.v1alpha1.Conditions.FALSE;
import static dev.kinfer.api.v1alpha1.Conditions.PLANNED;
import static dev.kinfer.api.v1alpha1.Conditions.PROFILED;
import static dev.kinfer.api.v1alpha1.Conditions.PROGRESSING;
import static dev.kinfer.api.v1alpha1.Conditions.READY;
import static dev.kinfer.api.v1alpha1.Conditions.TRUE;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.DEPLOYMENT_AVAILABLE;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.DEPLOYMENT_PENDING;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.DEPLOYMENT_UNAVAILABLE;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.INVALID_SPEC;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.MODEL_FETCH_FAILED;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.PINNED;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.PROFILE_MISSING;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.SLA_MET;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.SLA_NOT_MET;
import static dev.kinfer.api.v1alpha1.Conditions.Reasons.RECONCILE_FAILED;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.operator.profile.ProfilingStep;
import dev.kinfer.operator.desired.Labels;
import dev.kinfer.operator.desired.Sizing;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Clock;
import java.util.List;

/**
 * The one place the whole status of an InferenceService is computed, from the resource, its validation
 * problems, the sizes and the observed Deployment. Pure apart from the clock that stamps new transitions.
 */
public final class StatusAggregator {

    private final String clusterDomain;
    private final Clock clock;

    public StatusAggregator(String clusterDomain, Clock clock) {
        this.clusterDomain = clusterDomain;
        this.clock = clock;
    }

    /**
     * @param problems validation problems; non-empty means nothing new was deployed
     * @param sizing the sizes deployed in this reconcile, or null when the spec is invalid
     * @param deployment the predictor Deployment as observed after this reconcile, or null
     * @param serviceExists whether the predictor Service exists (or was just created)
     */
    public InferenceServiceStatus aggregate(InferenceService isvc, List<String> problems, Sizing sizing,
            Deployment deployment, boolean serviceExists) {
        return aggregate(isvc, problems, sizing, deployment, serviceExists, null);
    }

    /**
     * @param profiling this reconcile's profiling decision (status.profile and the Profiled condition), or null
     *        when it was not decided (an invalid spec): the previous profile and Profiled condition are kept
     */
    public InferenceServiceStatus aggregate(InferenceService isvc, List<String> problems, Sizing sizing,
            Deployment deployment, boolean serviceExists, ProfilingStep profiling) {
        return aggregate(isvc, problems, sizing, deployment, serviceExists, profiling, List.of());
    }

    /**
     * @param fetchFailures why predictor pods cannot download their model ({@link FetchFailures}), one line per pod;
     *        they explain a rollout that is not available (Ready=False, Degraded=True, reason ModelFetchFailed)
     */
    public InferenceServiceStatus aggregate(InferenceService isvc, List<String> problems, Sizing sizing,
            Deployment deployment, boolean serviceExists, ProfilingStep profiling, List<String> fetchFailures) {
        InferenceServiceStatus previous = isvc.getStatus() == null ? new InferenceServiceStatus() : isvc.getStatus();
        boolean valid = problems.isEmpty();
        Rollout rollout = Rollout.of(deployment);

        InferenceServiceStatus status = new InferenceServiceStatus();
        status.setObservedGeneration(isvc.getMetadata().getGeneration());
        status.setProfile(profiling != null && profiling.profile() != null
                && ProfileSpec.SOURCE_MEASURED.equals(profiling.profile().getSource())
                ? profiling.profile() : previous.getProfile());
        status.setSelector(Labels.selectorString(isvc));
        if (valid || serviceExists) {
            status.setUrl("http://" + Labels.serviceName(isvc) + "." + isvc.getMetadata().getNamespace() + ".svc."
                    + clusterDomain);
        }
        if (valid) {
            status.setPlan(sizing.toPlanStatus());
            status.setReplicas(sizing.replicas());
        } else if (deployment != null) {
            // The last good Deployment keeps serving; its plan is still the one in effect.
            status.setPlan(previous.getPlan());
            status.setReplicas(rollout.desiredReplicas());
        }
        status.setReadyReplicas(rollout.readyReplicas());

        ConditionWriter conditions = new ConditionWriter(previous.getConditions(), status.getObservedGeneration(),
                clock.instant());
        if (valid) {
            writeValid(conditions, sizing, rollout);
            if (rollout.phase() != Rollout.Phase.AVAILABLE && !fetchFailures.isEmpty()) {
                String message = FetchFailures.summary(fetchFailures);
                conditions.set(READY, FALSE, MODEL_FETCH_FAILED, message);
                conditions.set(DEGRADED, TRUE, MODEL_FETCH_FAILED, message);
            }
        } else {
            writeInvalid(conditions, problems, deployment != null, rollout);
        }
        if (profiling != null && profiling.conditionStatus() != null) {
            conditions.set(PROFILED, profiling.conditionStatus(), profiling.conditionReason(),
                    profiling.conditionMessage());
        } else if (profiling == null) {
            previousCondition(previous, PROFILED).ifPresent(conditions::keep);
        }
        status.setConditions(conditions.conditions());
        return status;
    }

    /**
     * The previous status with Ready turned False because applying the resources failed; everything else still
     * describes what runs. Used from the error path, where nothing new was observed.
     */
    public InferenceServiceStatus failed(InferenceService isvc, String failure) {
        InferenceServiceStatus previous = isvc.getStatus() == null ? new InferenceServiceStatus() : isvc.getStatus();
        InferenceServiceStatus status = StatusDiff.copy(previous);
        ConditionWriter conditions = new ConditionWriter(previous.getConditions(), isvc.getMetadata().getGeneration(),
                clock.instant());
        conditions.set(READY, FALSE, RECONCILE_FAILED, "could not apply the predictor resources: " + failure
                + "; retrying with backoff");
        for (Condition condition : status.getConditions()) {
            if (!READY.equals(condition.getType())) {
                conditions.keep(condition);
            }
        }
        status.setConditions(conditions.conditions());
        return status;
    }

    private static void writeValid(ConditionWriter conditions, Sizing sizing, Rollout rollout) {
        switch (rollout.phase()) {
            case AVAILABLE -> conditions.set(READY, TRUE, DEPLOYMENT_AVAILABLE, rollout.message());
            case PENDING -> conditions.set(READY, FALSE, DEPLOYMENT_PENDING, rollout.message());
            case UNAVAILABLE -> conditions.set(READY, FALSE, DEPLOYMENT_UNAVAILABLE, rollout.message());
        }
        switch (sizing.outcome()) {
            case PINNED -> conditions.set(PLANNED, TRUE, PINNED, sizing.reason());
            case SLA_MET -> conditions.set(PLANNED, TRUE, SLA_MET, sizing.reason());
            case SLA_NOT_MET -> conditions.set(PLANNED, FALSE, SLA_NOT_MET, sizing.reason());
            case PROFILE_MISSING -> conditions.set(PLANNED, FALSE, PROFILE_MISSING, sizing.reason());
        }
        writeAvailable(conditions, rollout);
        writeDegraded(conditions, rollout);
        switch (rollout.phase()) {
            case PENDING -> conditions.set(PROGRESSING, TRUE, DEPLOYMENT_PENDING, rollout.message());
            case AVAILABLE -> conditions.set(PROGRESSING, FALSE, DEPLOYMENT_AVAILABLE, "rollout complete");
            case UNAVAILABLE -> conditions.set(PROGRESSING, FALSE, DEPLOYMENT_UNAVAILABLE, rollout.message());
        }
    }

    private static void writeInvalid(ConditionWriter conditions, List<String> problems, boolean running,
            Rollout rollout) {
        String message = String.join("; ", problems)
                + (running ? " (the last valid Deployment keeps running unchanged)" : " (nothing was deployed)");
        conditions.set(READY, FALSE, INVALID_SPEC, message);
        conditions.set(PLANNED, FALSE, INVALID_SPEC, "not planned until the spec is fixed");
        writeAvailable(conditions, rollout);
        if (running) {
            writeDegraded(conditions, rollout);
        }
        conditions.set(PROGRESSING, FALSE, INVALID_SPEC, "not rolling out until the spec is fixed");
    }

    // Available answers "does anything serve requests now", which can be true while Ready is false.
    /**
     * Degraded: the rollout is done but fewer replicas serve than planned (a crashed or evicted pod), or the
     * rollout stalled. A rollout in progress is not degradation; Progressing says that.
     */
    private static void writeDegraded(ConditionWriter conditions, Rollout rollout) {
        switch (rollout.phase()) {
            case UNAVAILABLE -> conditions.set(DEGRADED, TRUE, DEPLOYMENT_UNAVAILABLE, rollout.message());
            case AVAILABLE -> conditions.set(DEGRADED, FALSE, DEPLOYMENT_AVAILABLE, rollout.message());
            case PENDING -> conditions.set(DEGRADED, FALSE, DEPLOYMENT_PENDING, rollout.message());
        }
    }

    private static void writeAvailable(ConditionWriter conditions, Rollout rollout) {
        if (rollout.availableReplicas() > 0) {
            conditions.set(AVAILABLE, TRUE, DEPLOYMENT_AVAILABLE,
                    rollout.availableReplicas() + " replicas available to serve");
        } else if (rollout.phase() == Rollout.Phase.PENDING) {
            conditions.set(AVAILABLE, FALSE, DEPLOYMENT_PENDING, rollout.message());
        } else if (rollout.desiredReplicas() == 0) {
            conditions.set(AVAILABLE, FALSE, DEPLOYMENT_UNAVAILABLE, "scaled to zero replicas");
        } else {
            conditions.set(AVAILABLE, FALSE, DEPLOYMENT_UNAVAILABLE, rollout.message());
        }
    }

    private static java.util.Optional<Condition> previousCondition(InferenceServiceStatus previous, String type) {
        return previous.getConditions() == null ? java.util.Optional.empty()
                : previous.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }
}
