package dev.kinfer.operator.planner;

/**
 * One (workers, batch) a pod could run, with the memory it needs: workersPerProcess threads in each of the pod's
 * processes (one per GPU), all behind the pod's one batch queue.
 */
record Candidate(int workersPerProcess, int batch, int processesPerPod, ServiceCurve curve, MemoryBreakdown memory) {

    int workersPerPod() {
        return workersPerProcess * processesPerPod;
    }

    /** Samples per second one pod carries with every worker busy on full batches. */
    double capacityPerPod() {
        return processesPerPod * curve.throughputPerSecond(batch);
    }

    LatencyPrediction predict(int delayMillis, double podArrivalsPerSecond) {
        return LatencyModel.predict(curve, workersPerPod(), batch, delayMillis, podArrivalsPerSecond / 1000.0);
    }

    /** A prediction whose p99 is only computed when the utilisation is within the planner's cap. */
    LatencyPrediction screen(int delayMillis, double podArrivalsPerSecond) {
        return LatencyModel.predict(curve, workersPerPod(), batch, delayMillis, podArrivalsPerSecond / 1000.0,
                CapacityPlanner.UTILISATION_CAP);
    }
}
