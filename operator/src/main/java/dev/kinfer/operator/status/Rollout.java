package dev.kinfer.operator.status;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import java.util.Objects;
import java.util.Optional;

/**
 * How far the predictor Deployment has got, read from what its controller reports: pending (not created, not
 * observed, or new pods still rolling out), available (every desired replica available) or unavailable.
 */
public record Rollout(Phase phase, int desiredReplicas, int readyReplicas, int availableReplicas, String message) {

    public enum Phase { PENDING, AVAILABLE, UNAVAILABLE }

    /** @param deployment the Deployment as last observed, or null when none exists */
    public static Rollout of(Deployment deployment) {
        if (deployment == null) {
            return new Rollout(Phase.PENDING, 0, 0, 0, "the Deployment does not exist yet");
        }
        String name = deployment.getMetadata().getName();
        int desired = orDefault(deployment.getSpec() == null ? null : deployment.getSpec().getReplicas(), 1);
        DeploymentStatus status = deployment.getStatus();
        Long generation = deployment.getMetadata().getGeneration();
        if (status == null || notObserved(generation, status.getObservedGeneration())) {
            return new Rollout(Phase.PENDING, desired, 0, 0, "waiting for the Deployment controller to observe "
                    + name + (generation == null ? "" : " generation " + generation));
        }
        int ready = orDefault(status.getReadyReplicas(), 0);
        int available = orDefault(status.getAvailableReplicas(), 0);
        int updated = orDefault(status.getUpdatedReplicas(), 0);
        String counts = available + "/" + desired + " replicas of " + name + " available";
        Optional<DeploymentCondition> stalled = condition(status, "Progressing")
                .filter(c -> "ProgressDeadlineExceeded".equals(c.getReason()));
        if (stalled.isPresent()) {
            return new Rollout(Phase.UNAVAILABLE, desired, ready, available,
                    counts + "; rollout stalled: " + stalled.get().getMessage());
        }
        if (updated >= desired && available >= desired) {
            return new Rollout(Phase.AVAILABLE, desired, ready, available, counts);
        }
        if (updated < desired) {
            return new Rollout(Phase.PENDING, desired, ready, available,
                    "rolling out: " + updated + "/" + desired + " replicas updated, " + counts);
        }
        String why = condition(status, "Available").filter(c -> "False".equals(c.getStatus()))
                .map(c -> "; " + c.getMessage()).orElse("");
        return new Rollout(Phase.UNAVAILABLE, desired, ready, available, counts + why);
    }

    private static boolean notObserved(Long generation, Long observed) {
        return generation != null && (observed == null || observed < generation);
    }

    private static Optional<DeploymentCondition> condition(DeploymentStatus status, String type) {
        return status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream().filter(c -> Objects.equals(type, c.getType())).findFirst();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
