package dev.kinfer.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a list of conditions against the previous ones: a condition whose status did not change keeps its
 * lastTransitionTime, as Kubernetes API conventions require, so that it tells when the state last flipped.
 */
final class ConditionWriter {

    private final List<Condition> previous;
    private final Long generation;
    private final String now;
    private final List<Condition> written = new ArrayList<>();

    ConditionWriter(List<Condition> previous, Long generation, Instant now) {
        this.previous = previous == null ? List.of() : previous;
        this.generation = generation;
        this.now = now.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Writes a condition; one already written in this pass with the same type is replaced in its place. */
    ConditionWriter set(String type, String status, String reason, String message) {
        String since = previous.stream()
                .filter(c -> type.equals(c.getType()) && Objects.equals(status, c.getStatus()))
                .map(Condition::getLastTransitionTime)
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(now);
        Condition condition = new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build();
        for (int i = 0; i < written.size(); i++) {
            if (type.equals(written.get(i).getType())) {
                written.set(i, condition);
                return this;
            }
        }
        written.add(condition);
        return this;
    }

    /** Carries a previous condition over untouched, for conditions this write does not decide. */
    ConditionWriter keep(Condition condition) {
        written.add(condition);
        return this;
    }

    List<Condition> conditions() {
        return new ArrayList<>(written);
    }
}
