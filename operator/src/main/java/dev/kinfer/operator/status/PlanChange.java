package dev.kinfer.operator.status;

import dev.kinfer.api.v1alpha1.PlanStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Describes how the deployed sizes changed between two plans, for the Event that records each plan change
 * ("workers 1 -> 2, maxBatchSize 1 -> 32, replicas 1 -> 3"). Predictions alone changing is not a plan change.
 */
public final class PlanChange {

    private PlanChange() {
    }

    /** The change from {@code before} (null: nothing planned yet) to {@code after}, or empty when the sizes agree. */
    public static Optional<String> between(PlanStatus before, PlanStatus after) {
        if (after == null) {
            return Optional.empty();
        }
        List<String> changes = new ArrayList<>();
        PlanStatus old = before == null ? new PlanStatus() : before;
        compare("workers", old.getWorkersPerPod(), after.getWorkersPerPod(), changes);
        compare("maxBatchSize", old.getMaxBatchSize(), after.getMaxBatchSize(), changes);
        compare("maxBatchDelayMillis", old.getMaxBatchDelayMillis(), after.getMaxBatchDelayMillis(), changes);
        compare("replicas", old.getReplicas(), after.getReplicas(), changes);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        String message = String.join(", ", changes);
        return Optional.of(after.getReason() == null ? message : message + ": " + after.getReason());
    }

    private static void compare(String field, Integer before, Integer after, List<String> changes) {
        if (!Objects.equals(before, after)) {
            changes.add(field + " " + (before == null ? "-" : before) + " -> " + after);
        }
    }
}
