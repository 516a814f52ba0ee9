package dev.kinfer.operator.planner;

import java.util.Comparator;

/** A candidate with a delay and a replica count, and what the model predicts for it. */
record Option(Candidate candidate, int delayMillis, int replicas, double podArrivalsPerSecond,
              LatencyPrediction prediction, int costUnits) {

    /** The objective: fewest GPUs (pods when CPU-only), then lowest p99 (to 0.01 ms), then fewest workers. */
    static final Comparator<Option> BEST_FIRST = Comparator.comparingInt(Option::costUnits)
            .thenComparingLong(o -> Math.round(o.p99() * 100))
            .thenComparingInt(o -> o.candidate().workersPerPod())
            .thenComparingInt(o -> o.candidate().batch())
            .thenComparingInt(Option::delayMillis);

    /** Best effort: carry the throughput if anything can, then come closest to the p99, then cost. */
    static final Comparator<Option> BEST_EFFORT_FIRST = Comparator
            .comparing((Option o) -> o.utilisation() > CapacityPlanner.UTILISATION_CAP)
            .thenComparingDouble(o -> o.utilisation() > CapacityPlanner.UTILISATION_CAP ? o.utilisation() : 0)
            .thenComparingLong(o -> Math.round(o.p99() * 100))
            .thenComparing(BEST_FIRST);

    double p99() {
        return prediction.p99Millis();
    }

    double utilisation() {
        return prediction.utilisation();
    }

    boolean sameShapeAs(Option other) {
        return candidate.workersPerPod() == other.candidate.workersPerPod() && candidate.batch() == other.candidate.batch();
    }

    RunnerUp asRunnerUp() {
        return new RunnerUp(candidate.workersPerPod(), candidate.batch(), delayMillis, replicas, p99(), costUnits);
    }
}
