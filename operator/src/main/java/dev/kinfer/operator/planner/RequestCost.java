package dev.kinfer.operator.planner;

/**
 * What serving one request costs the pod beyond the model's call, measured by the profile command through the
 * runtime's own HTTP stack (docs/planner.md, "The per-request host cost").
 *
 * @param overheadMillis    latency a request adds to its call: HTTP, parsing, hand-off to a worker and back (the
 *                          round trip at one connection minus the in-process call); the added latency's median
 * @param cpuMillis         CPU time one request costs the runtime process beyond the call itself; on a CPU-only pod it
 *                          competes with the workers for the same cores
 * @param overheadP99Millis the added latency's p99 on a moderately loaded server; equal to overheadMillis when
 *                          unmeasured, which makes the added latency a constant
 */
public record RequestCost(double overheadMillis, double cpuMillis, double overheadP99Millis) {

    /** Nothing measured: plans as if requests were free, as before the profile carried this. */
    public static final RequestCost NONE = new RequestCost(0, 0);

    public RequestCost {
        Validation.require(overheadMillis >= 0 && Double.isFinite(overheadMillis), "profile.requestOverheadMillis",
                overheadMillis, ">= 0");
        Validation.require(cpuMillis >= 0 && Double.isFinite(cpuMillis), "profile.requestCpuMillis", cpuMillis, ">= 0");
        Validation.require(overheadP99Millis >= overheadMillis && Double.isFinite(overheadP99Millis),
                "profile.requestOverheadP99Millis", overheadP99Millis,
                ">= requestOverheadMillis (" + overheadMillis + "): a p99 is not below the median");
    }

    /** A constant added latency: the overhead's p99 is its median. */
    public RequestCost(double overheadMillis, double cpuMillis) {
        this(overheadMillis, cpuMillis, overheadMillis);
    }

    /** Cores the pod spends on requests alone at this many requests per second. */
    double coresAt(double requestsPerSecond) {
        return requestsPerSecond * cpuMillis / 1000;
    }

    /**
     * The added latency as a shifted exponential through its median and p99 (a constant when they agree). When the
     * two are so far apart that the shift would be negative, the shift is 0 and the p99 is kept.
     */
    ShiftedExponential overhead() {
        return ShiftedExponential.fromMedianAndQuantile99(overheadMillis, overheadP99Millis);
    }
}
