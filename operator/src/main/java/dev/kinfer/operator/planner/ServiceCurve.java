package dev.kinfer.operator.planner;

/** Call time and memory of one process running {@link #workers()} workers, as functions of the batch size k. */
interface ServiceCurve {

    int workers();

    /** Mean time of one call on a batch of k with all workers busy, in ms (non-decreasing in k). */
    double meanServiceMillis(double k);

    /** p99/p50 of the call time at batch k. */
    double tailRatio(double k);

    /** Device memory beyond the context at batch k: shared weights + activations of all workers + workspaces. */
    double memoryMiB(double k);

    /** Samples per second the process sustains with every worker busy on full batches of k. */
    default double throughputPerSecond(double k) {
        return 1000.0 * workers() * k / meanServiceMillis(k);
    }
}
