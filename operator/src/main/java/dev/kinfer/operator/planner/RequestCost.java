package dev.kinfer.operator.planner;

/**
 * What serving one request costs the pod beyond the model's call, measured by the profile command through the
 * runtime's own HTTP stack (docs/planner.md, "The per-request host cost").
 *
 * @param overheadMillis latency a request adds to its call: HTTP, parsing, hand-off to a worker and back (the
 *                       round trip at one connection minus the in-process call)
 * @param cpuMillis      CPU time one request costs the runtime process beyond the call itself; on a CPU-only pod it
 *                       competes with the workers for the same cores
 */
public record RequestCost(double overheadMillis, double cpuMillis) {

    /** Nothing measured: plans as if requests were free, as before the profile carried this. */
    public static final RequestCost NONE = new RequestCost(0, 0);

    public RequestCost {
        Validation.require(overheadMillis >= 0 && Double.isFinite(overheadMillis), "profile.requestOverheadMillis",
                overheadMillis, ">= 0");
        Validation.require(cpuMillis >= 0 && Double.isFinite(cpuMillis), "profile.requestCpuMillis", cpuMillis, ">= 0");
    }

    /** Cores the pod spends on requests alone at this many requests per second. */
    double coresAt(double requestsPerSecond) {
        return requestsPerSecond * cpuMillis / 1000;
    }
}
