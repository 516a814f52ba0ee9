package dev.kinfer.operator.planner;

/**
 * One measured point of a model profile: {@code workers} threads each running batches of {@code batch} samples.
 *
 * @param throughputPerSecond samples per second the whole pod (all workers together) sustained
 * @param p50Millis median time of one inference call (one batch) under that concurrency
 * @param p99Millis 99th percentile time of one inference call
 * @param memoryMiB peak device memory of the process beyond the CUDA context: one shared copy of the weights,
 *                  activations of every worker, library workspaces and the caching allocator's reserve
 */
public record ProfilePoint(int workers, int batch, double throughputPerSecond, double p50Millis, double p99Millis,
                           double memoryMiB) {

    public ProfilePoint {
        Validation.require(workers >= 1, "profile.points.workers", workers, ">= 1");
        Validation.require(batch >= 1, "profile.points.batch", batch, ">= 1");
        Validation.require(throughputPerSecond > 0 && Double.isFinite(throughputPerSecond),
                "profile.points.throughputPerSecond", throughputPerSecond, "> 0");
        Validation.require(p50Millis > 0 && Double.isFinite(p50Millis), "profile.points.p50Millis", p50Millis, "> 0");
        Validation.require(p99Millis >= p50Millis && Double.isFinite(p99Millis), "profile.points.p99Millis", p99Millis,
                ">= p50Millis " + p50Millis);
        Validation.require(memoryMiB >= 0 && Double.isFinite(memoryMiB), "profile.points.memoryMiB", memoryMiB, ">= 0");
    }
}
