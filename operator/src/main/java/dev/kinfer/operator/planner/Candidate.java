package dev.kinfer.operator.planner;

/**
 * One (workers, batch) a pod could run, with the memory it needs: workersPerProcess threads in each of the pod's
 * processes (one per GPU), all behind the pod's one batch queue.
 *
 * <p>The profile's request cost enters here (docs/planner.md, "The per-request host cost"): every prediction adds
 * the request overhead (a constant, or a shifted exponential when the profile measured its p99, whose tail on a
 * CPU-only pod grows with how busy the cores are) to the latency, and on a CPU-only pod ({@code sharedCores > 0})
 * the cores that requests take at the arrival rate are taken from the workers, whose calls stretch by
 * m / (m - request cores) with m = min(workers, cores): with the runtime's intra-op rule a call's threads span
 * cores / workers of the cores and the call waits for its slowest thread, so request work on any of them holds it
 * back ({@link #stallingCores()}), and batches wait for a worker as in M/M/c ({@link
 * LatencyModel.Queueing#CONTENDED_CORES}).
 * One sample per request is assumed, which overcharges clients that send several.
 *
 * <p>Where batches wait as in GI/G/c (a pod whose requests take none of the workers' cores), the profile's speed drift,
 * when it has one, is added to the calls' spread at the queue's time scale ({@link SpeedDrift}). A CPU pod keeps M/M/c
 * even with a measured drift: the drift is measured in process, and served pods on two cores waited longer than it
 * says (validation runs 38 and 39, docs/planner.md).
 *
 * @param sharedCores cores the workers share with request handling; 0 on a GPU pod, whose calls run on the device
 * @param drift       the profile's speed drift ({@link SpeedDrift#NONE} when not measured)
 */
record Candidate(int workersPerProcess, int batch, int processesPerPod, ServiceCurve curve, MemoryBreakdown memory,
                 RequestCost cost, int sharedCores, SpeedDrift drift) {

    Candidate(int workersPerProcess, int batch, int processesPerPod, ServiceCurve curve, MemoryBreakdown memory) {
        this(workersPerProcess, batch, processesPerPod, curve, memory, RequestCost.NONE, 0);
    }

    Candidate(int workersPerProcess, int batch, int processesPerPod, ServiceCurve curve, MemoryBreakdown memory,
              RequestCost cost, int sharedCores) {
        this(workersPerProcess, batch, processesPerPod, curve, memory, cost, sharedCores, SpeedDrift.NONE);
    }

    int workersPerPod() {
        return workersPerProcess * processesPerPod;
    }

    /** Samples per second one pod carries with every worker busy on full batches. */
    double capacityPerPod() {
        return capacityPerPod(1);
    }

    /**
     * Samples per second at which the pod's workers are busy this fraction of the time. With requests sharing
     * the cores, utilisation u at rate r means r c / (T (c - r q)) = u (T the workers' throughput, c the cores,
     * q the CPU seconds per request, in the full batches of a busy pod), so r = u T / (1 + u T q / c).
     */
    double capacityPerPod(double utilisation) {
        double workers = processesPerPod * curve.throughputPerSecond(batch);
        if (!chargesCpu()) {
            return utilisation * workers;
        }
        return cost.servedRate(utilisation * workers, batch, stallingCores());
    }

    LatencyPrediction predict(int delayMillis, double podArrivalsPerSecond) {
        return predict(delayMillis, podArrivalsPerSecond, 1);
    }

    /** A prediction whose p99 is only computed when the utilisation is within the planner's cap. */
    LatencyPrediction screen(int delayMillis, double podArrivalsPerSecond) {
        return predict(delayMillis, podArrivalsPerSecond, CapacityPlanner.UTILISATION_CAP);
    }

    private LatencyPrediction predict(int delayMillis, double podArrivalsPerSecond, double utilisationLimit) {
        ServiceCurve calls = curve;
        java.util.function.DoubleFunction<ShiftedExponential> overhead = rho -> cost.overhead();
        LatencyModel.Queueing queueing = LatencyModel.Queueing.MEASURED_CALLS;
        if (chargesCpu()) {
            queueing = LatencyModel.Queueing.CONTENDED_CORES;
            // Requests share a worker's wake-up in batches of the mean size the batcher forms at this rate.
            double meanBatch = cost.batchCpuMillis() > 0
                    ? BatchFormation.meanBatch(batch, delayMillis, podArrivalsPerSecond / 1000.0) : 1;
            double requestCores = cost.coresAt(podArrivalsPerSecond, meanBatch);
            int stalling = stallingCores();
            if (requestCores >= stalling) {
                // Requests alone would hold every call back all the time: no call ever finishes.
                return LatencyPrediction.overloaded(podArrivalsPerSecond / capacityPerPod(), batch);
            }
            calls = new StretchedCurve(curve, stalling / (stalling - requestCores));
            // The cores are busy with requests (their share) and, the workers' busy fraction of the rest, with calls.
            double requestShare = requestCores / sharedCores;
            overhead = rho -> cost.overheadAt(requestShare + Math.min(1, rho) * (1 - requestShare));
        }
        return LatencyModel.predict(calls, workersPerPod(), batch, delayMillis, podArrivalsPerSecond / 1000.0,
                utilisationLimit, overhead, queueing, drift);
    }

    /** The cores' worth of request work that holds each of this pod's calls back ({@link RequestCost#stallingCores}). */
    int stallingCores() {
        return RequestCost.stallingCores(workersPerPod(), sharedCores);
    }

    private boolean chargesCpu() {
        return sharedCores > 0 && cost.cpuMillis() > 0;
    }

    /** The same calls made slower by a constant factor: workers that get only part of the cores they were measured on. */
    private record StretchedCurve(ServiceCurve measured, double factor) implements ServiceCurve {
        @Override
        public int workers() {
            return measured.workers();
        }

        @Override
        public double meanServiceMillis(double k) {
            return measured.meanServiceMillis(k) * factor;
        }

        @Override
        public double tailRatio(double k) {
            return measured.tailRatio(k);
        }

        @Override
        public double memoryMiB(double k) {
            return measured.memoryMiB(k);
        }
    }
}
