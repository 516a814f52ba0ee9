package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.PlanStatus;

/**
 * The numbers a runtime Deployment is built with. Today they come from {@link PinnedSizing}; the planner
 * ({@code dev.kinfer.operator.planner}) will produce them from the profile, the GPU and the SLA.
 *
 * @param feasible whether the sizes meet the SLA; null while nothing was planned against one
 */
public record Sizing(int workersPerPod, int maxBatchSize, int maxBatchDelayMillis, int replicas, Boolean feasible,
        String reason) {

    /** The sizes as status.plan shows them; predictions stay empty until a planner makes them. */
    public PlanStatus toPlanStatus() {
        PlanStatus plan = new PlanStatus();
        plan.setWorkersPerPod(workersPerPod);
        plan.setMaxBatchSize(maxBatchSize);
        plan.setMaxBatchDelayMillis(maxBatchDelayMillis);
        plan.setReplicas(replicas);
        plan.setFeasible(feasible);
        plan.setReason(reason);
        return plan;
    }
}
