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
 * @param overheadP99Utilisation how busy the host's cores were (0 to 1) when overheadP99Millis was measured; NaN
 *                          when unknown, which makes the tail the same at every load
 */
public record RequestCost(double overheadMillis, double cpuMillis, double overheadP99Millis,
                          double overheadP99Utilisation) {

    /** Nothing measured: plans as if requests were free, as before the profile carried this. */
    public static final RequestCost NONE = new RequestCost(0, 0);

    /** The busiest the cores are taken to be: the overhead's tail grows 1 / (1 - u) up to here. */
    static final double MAX_HOST_UTILISATION = 0.99;

    public RequestCost {
        Validation.require(overheadMillis >= 0 && Double.isFinite(overheadMillis), "profile.requestOverheadMillis",
                overheadMillis, ">= 0");
        Validation.require(cpuMillis >= 0 && Double.isFinite(cpuMillis), "profile.requestCpuMillis", cpuMillis, ">= 0");
        Validation.require(overheadP99Millis >= overheadMillis && Double.isFinite(overheadP99Millis),
                "profile.requestOverheadP99Millis", overheadP99Millis,
                ">= requestOverheadMillis (" + overheadMillis + "): a p99 is not below the median");
        Validation.require(Double.isNaN(overheadP99Utilisation)
                        || (overheadP99Utilisation >= 0 && overheadP99Utilisation <= MAX_HOST_UTILISATION),
                "profile.requestOverheadP99Utilisation", overheadP99Utilisation, "from 0 to " + MAX_HOST_UTILISATION);
    }

    /** A constant added latency: the overhead's p99 is its median. */
    public RequestCost(double overheadMillis, double cpuMillis) {
        this(overheadMillis, cpuMillis, overheadMillis);
    }

    /** An overhead tail measured at an unknown load: the same at every load. */
    public RequestCost(double overheadMillis, double cpuMillis, double overheadP99Millis) {
        this(overheadMillis, cpuMillis, overheadP99Millis, Double.NaN);
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

    /**
     * The added latency when the host's cores are busy the fraction u of the time: the tail comes from requests
     * waiting for a core, and a wait's quantiles grow as 1 / (1 - u), so the exponential part measured at
     * overheadP99Utilisation u0 is scaled by (1 - u0) / (1 - u) (u at most {@link #MAX_HOST_UTILISATION}). As
     * {@link #overhead()} when u0 or u is unknown (NaN).
     */
    ShiftedExponential overheadAt(double hostUtilisation) {
        ShiftedExponential measured = overhead();
        if (Double.isNaN(overheadP99Utilisation) || Double.isNaN(hostUtilisation)
                || measured.exponentialMeanMillis() <= 0) {
            return measured;
        }
        double u = Math.max(0, Math.min(MAX_HOST_UTILISATION, hostUtilisation));
        return new ShiftedExponential(measured.shiftMillis(),
                measured.exponentialMeanMillis() * (1 - overheadP99Utilisation) / (1 - u));
    }
}
