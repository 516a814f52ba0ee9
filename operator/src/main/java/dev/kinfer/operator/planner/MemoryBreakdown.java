package dev.kinfer.operator.planner;

/**
 * Device memory of one process (one per GPU; one per CPU-only pod), as planned.
 *
 * @param weightsMiB     one copy of the weights, shared by every worker of the process
 * @param activationsMiB everything else the profile measured at (workers, batch): activations, workspaces, cache
 * @param contextMiB     the CUDA context (or runtime base) of the process
 * @param usableMiB      device memory minus headroom: the budget the total must stay within
 */
public record MemoryBreakdown(int processesPerPod, double weightsMiB, int weightCopies, double activationsMiB,
                              double contextMiB, double usableMiB) {

    public double perProcessMiB() {
        return weightsMiB * weightCopies + activationsMiB + contextMiB;
    }

    public double perPodMiB() {
        return perProcessMiB() * processesPerPod;
    }

    public boolean fits() {
        return perProcessMiB() <= usableMiB;
    }
}
