package dev.kinfer.operator.planner;

/**
 * The planner's answer: the status.plan fields, the constraint that decided it, the memory it uses and the runner-up
 * it beat (null when there was no other option).
 *
 * @param predictedP99Millis           per-sample p99 at the SLA throughput; infinite when a best-effort plan leaves
 *                                     the pods overloaded (write null to the status: JSON has no Infinity)
 * @param predictedThroughputPerSecond samples per second the replicas carry within the utilisation cap and the p99
 * @param gpuMemoryPerPodMiB           device memory of a pod's GPUs together (0 on a CPU-only pod; see memory)
 * @param utilisation                  busy fraction of each pod's workers at the SLA throughput
 */
public record Plan(int workersPerPod, int maxBatchSize, int maxBatchDelayMillis, int replicas,
                   double predictedP99Millis, double predictedThroughputPerSecond, double gpuMemoryPerPodMiB,
                   boolean feasible, String reason, BindingConstraint bindingConstraint, MemoryBreakdown memory,
                   double utilisation, RunnerUp runnerUp) {
}
