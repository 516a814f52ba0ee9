package dev.kinfer.api.v1alpha1;

/** Condition types and reasons of an InferenceService; reasons are CamelCase as Kubernetes expects. */
public final class Conditions {

    public static final String READY = "Ready";
    public static final String PLANNED = "Planned";
    public static final String PROFILED = "Profiled";
    public static final String AVAILABLE = "Available";
    public static final String PROGRESSING = "Progressing";
    public static final String DEGRADED = "Degraded";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** Reasons, shared by the condition types. */
    public static final class Reasons {
        public static final String INVALID_SPEC = "InvalidSpec";
        public static final String DEPLOYMENT_AVAILABLE = "DeploymentAvailable";
        public static final String DEPLOYMENT_UNAVAILABLE = "DeploymentUnavailable";
        public static final String DEPLOYMENT_PENDING = "DeploymentPending";
        /** The operator could not create or update the resources of a valid spec; it retries with backoff. */
        public static final String RECONCILE_FAILED = "ReconcileFailed";
        public static final String PINNED = "Pinned";
        public static final String PLANNED = "Planned";
        /** The capacity planner found sizes that meet the SLA. */
        public static final String SLA_MET = "SlaMet";
        /** The SLA cannot be met within the bounds, pins and memory; the plan is the best effort. */
        public static final String SLA_NOT_MET = "SlaNotMet";
        /** An SLA is set but there is no profile to plan from; pins and defaults run meanwhile. */
        public static final String PROFILE_MISSING = "ProfileMissing";
        /** A predictor pod's fetch-model init container failed to download the model; the kubelet retries it. */
        public static final String MODEL_FETCH_FAILED = "ModelFetchFailed";

        private Reasons() {
        }
    }

    private Conditions() {
    }
}
