package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.BatchingSpec;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Sizes taken straight from the user's pins, else from fixed defaults: one worker, no batching, minReplicas
 * (else one) pods. Used when there is no SLA to plan against, and while an SLA waits for a profile.
 */
public final class PinnedSizing {

    public static final int DEFAULT_WORKERS = 1;
    public static final int DEFAULT_MAX_BATCH_SIZE = 1;
    public static final int DEFAULT_MAX_BATCH_DELAY_MILLIS = 0;
    public static final int DEFAULT_REPLICAS = 1;

    private PinnedSizing() {
    }

    /** Sizes for a predictor that passed validation. */
    public static Sizing of(PredictorSpec predictor) {
        List<String> pinned = new ArrayList<>();
        List<String> defaulted = new ArrayList<>();
        BatchingSpec batching = predictor.getBatching() == null ? new BatchingSpec() : predictor.getBatching();
        int workers = pick("workers", predictor.getWorkers(), DEFAULT_WORKERS, pinned, defaulted);
        int batch = pick("maxBatchSize", batching.getMaxBatchSize(), DEFAULT_MAX_BATCH_SIZE, pinned, defaulted);
        int delay = pick("maxBatchDelayMillis", batching.getMaxBatchDelayMillis(), DEFAULT_MAX_BATCH_DELAY_MILLIS,
                pinned, defaulted);
        // minReplicas is a bound rather than a pin, but without a planner it is the only replica count we have.
        int replicas = pick("replicas", predictor.getMinReplicas(), DEFAULT_REPLICAS, pinned, defaulted);
        return new Sizing(workers, batch, delay, replicas, null, reason(pinned, defaulted));
    }

    private static int pick(String field, Integer pin, int fallback, List<String> pinned, List<String> defaulted) {
        if (pin != null) {
            pinned.add(field);
            return pin;
        }
        defaulted.add(field);
        return fallback;
    }

    private static String reason(List<String> pinned, List<String> defaulted) {
        StringBuilder reason = new StringBuilder("workers and replicas from pins and defaults (");
        if (!pinned.isEmpty()) {
            reason.append("pinned: ").append(String.join(", ", pinned));
        }
        if (!pinned.isEmpty() && !defaulted.isEmpty()) {
            reason.append("; ");
        }
        if (!defaulted.isEmpty()) {
            reason.append("defaults: ").append(String.join(", ", defaulted));
        }
        return reason.append("); no spec.sla, so nothing was planned").toString();
    }
}
