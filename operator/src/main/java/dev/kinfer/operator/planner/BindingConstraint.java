package dev.kinfer.operator.planner;

/** What decided the plan, or (when infeasible) what stopped it from meeting the SLA. */
public enum BindingConstraint {
    /** Replicas are the fewest that carry the throughput under the utilisation cap. */
    THROUGHPUT,
    /** More replicas than the throughput alone needs, to keep the p99 in budget (or, without a throughput, the p99 sets it). */
    LATENCY,
    /** The bounds' minimum replica count is above what the SLA needs. */
    MIN_REPLICAS,
    /** Infeasible: even the maximum replica count does not meet the SLA. */
    MAX_REPLICAS,
    /** Infeasible: the p99 target is below the fastest measured call. */
    SERVICE_TIME,
    /** Infeasible: no measured configuration fits the device memory after headroom. */
    MEMORY,
    /** Infeasible because of the pins: the planner meets the SLA when they are lifted. */
    PINS
}
