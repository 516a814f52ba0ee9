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
 * @param batchCpuMillis    the part of cpuMillis a request pays because a worker wakes up and takes it on its own
 *                          (cpuMillis is measured with every request its own batch): the requests of a batch share it,
 *                          so a request in a batch of mean size k costs cpuMillis - batchCpuMillis (1 - 1/k); 0 when
 *                          unmeasured, which charges cpuMillis at every batch size
 */
public record RequestCost(double overheadMillis, double cpuMillis, double overheadP99Millis,
                          double overheadP99Utilisation, double batchCpuMillis) {

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
        Validation.require(batchCpuMillis >= 0 && batchCpuMillis <= cpuMillis, "profile.requestBatchCpuMillis",
                batchCpuMillis, "from 0 to requestCpuMillis (" + cpuMillis + "): it is the part of a request's CPU a batch"
                        + " shares");
    }

    /** The CPU a request costs the same at every batch size. */
    public RequestCost(double overheadMillis, double cpuMillis, double overheadP99Millis,
                       double overheadP99Utilisation) {
        this(overheadMillis, cpuMillis, overheadP99Millis, overheadP99Utilisation, 0);
    }

    /** A constant added latency: the overhead's p99 is its median. */
    public RequestCost(double overheadMillis, double cpuMillis) {
        this(overheadMillis, cpuMillis, overheadMillis);
    }

    /** An overhead tail measured at an unknown load: the same at every load. */
    public RequestCost(double overheadMillis, double cpuMillis, double overheadP99Millis) {
        this(overheadMillis, cpuMillis, overheadP99Millis, Double.NaN);
    }

    /** The same cost with cpuMillis raised by {@code extraMillis} per request (none of it per batch). */
    public RequestCost plusCpuPerRequest(double extraMillis) {
        return new RequestCost(overheadMillis, cpuMillis + extraMillis, overheadP99Millis, overheadP99Utilisation,
                batchCpuMillis);
    }

    /** CPU-ms a request costs when batches carry {@code meanBatch} samples (one request, one sample) on average. */
    public double cpuMillisAt(double meanBatch) {
        return cpuMillis - batchCpuMillis * (1 - 1 / Math.max(1, meanBatch));
    }

    /** Cores the pod spends on requests alone at this many requests per second in batches of this mean size. */
    double coresAt(double requestsPerSecond, double meanBatch) {
        return requestsPerSecond * cpuMillisAt(meanBatch) / 1000;
    }

    /**
     * Samples per second a CPU pod serves when its calls, with the cores to themselves, would run {@code callsRate}
     * samples per second in batches of {@code meanBatch}, and every request's CPU holds the calls back as if taken
     * from {@code stallingCores} cores ({@link #stallingCores}): r = T / (1 + T q / m) (docs/planner.md, "The
     * per-request host cost").
     */
    public double servedRate(double callsRate, double meanBatch, int stallingCores) {
        return callsRate / (1 + callsRate * cpuMillisAt(meanBatch) / 1000 / stallingCores);
    }

    /**
     * The cores' worth of request work that holds each call back, m = min(workers, cores). A worker's call runs on
     * cores / workers intra-op threads (the runtime's rule, IntraOpThreads) and waits at every layer for the slowest
     * of them, so request work on any of its cores stalls the whole call: a worker loses r q (cores / workers) / cores
     * = r q / workers of its time, and the call stretches by m / (m - r q). With one thread per worker (as many
     * workers as cores, or more) that is the cores' share, c / (c - r q). One worker on 2 cores: its served calls
     * took 1.21x the in-process call at 13 requests/s of 7.6 CPU-ms (1.10 by this rule, 1.05 by the cores' share).
     */
    public static int stallingCores(int workers, int cores) {
        return Math.min(workers, cores);
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
