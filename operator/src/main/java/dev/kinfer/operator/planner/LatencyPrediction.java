package dev.kinfer.operator.planner;

/**
 * What the queueing model predicts for one pod at one arrival rate.
 *
 * @param utilisation busy fraction of the pod's workers (1 or more means the queue grows without bound)
 * @param meanBatch   mean samples per dispatched batch
 * @param queueingProbability share of batches that find every worker busy
 */
record LatencyPrediction(double p99Millis, double utilisation, double meanBatch, double queueingProbability) {

    /** The same prediction with a constant added to every sample's latency. */
    LatencyPrediction plus(double millis) {
        return millis == 0 ? this : new LatencyPrediction(p99Millis + millis, utilisation, meanBatch, queueingProbability);
    }

    static LatencyPrediction overloaded(double utilisation, double meanBatch) {
        return new LatencyPrediction(Double.POSITIVE_INFINITY, utilisation, meanBatch, 1);
    }
}
