package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.PlanStatus;

/**
 * The numbers a runtime Deployment is built with, with what they are predicted to deliver and how they were
 * decided: from pins and defaults ({@link PinnedSizing}) or by the capacity planner against the SLA
 * ({@link PlannedSizing}).
 *
 * @param feasible whether the sizes meet the SLA; null while nothing was planned against one
 * @param predictedP99Millis null when nothing was predicted or the best effort leaves the pods overloaded
 * @param gpuMemory the memory of one GPU the plan assumed, or null (no plan, or a CPU-only pod)
 * @param queueCapacity requests a pod may queue, sized from the plan; null: the operator's default
 */
public record Sizing(int workersPerPod, int maxBatchSize, int maxBatchDelayMillis, int replicas, Boolean feasible,
        String reason, Double predictedP99Millis, Double predictedThroughputPerSecond, Double gpuMemoryPerPodMiB,
        Outcome outcome, GpuMemory gpuMemory, Integer queueCapacity) {

    /** How the sizes were decided; the status' Planned condition reports it. */
    public enum Outcome {
        /** No SLA: pins and defaults. */
        PINNED,
        /** SLA given but no profile to plan from: pins and defaults meanwhile. */
        PROFILE_MISSING,
        /** The planner met the SLA. */
        SLA_MET,
        /** The planner's best effort does not meet the SLA. */
        SLA_NOT_MET
    }

    /** Sizes without predictions, from pins and defaults. */
    public Sizing(int workersPerPod, int maxBatchSize, int maxBatchDelayMillis, int replicas, Boolean feasible,
            String reason) {
        this(workersPerPod, maxBatchSize, maxBatchDelayMillis, replicas, feasible, reason, null, null, null,
                Outcome.PINNED, null, null);
    }

    /** The same sizes, decided differently (e.g. pins used because the profile is missing). */
    public Sizing withOutcome(Outcome newOutcome, String newReason) {
        return new Sizing(workersPerPod, maxBatchSize, maxBatchDelayMillis, replicas, feasible, newReason,
                predictedP99Millis, predictedThroughputPerSecond, gpuMemoryPerPodMiB, newOutcome, gpuMemory,
                queueCapacity);
    }

    /** The sizes as status.plan shows them. */
    public PlanStatus toPlanStatus() {
        PlanStatus plan = new PlanStatus();
        plan.setWorkersPerPod(workersPerPod);
        plan.setMaxBatchSize(maxBatchSize);
        plan.setMaxBatchDelayMillis(maxBatchDelayMillis);
        plan.setReplicas(replicas);
        plan.setPredictedP99Millis(predictedP99Millis);
        plan.setPredictedThroughputPerSecond(predictedThroughputPerSecond);
        plan.setGpuMemoryPerPodMiB(gpuMemoryPerPodMiB);
        if (gpuMemory != null) {
            plan.setGpuMemoryMiB(gpuMemory.mib());
            plan.setGpuMemorySource(gpuMemory.source());
        }
        plan.setFeasible(feasible);
        plan.setReason(reason);
        return plan;
    }
}
