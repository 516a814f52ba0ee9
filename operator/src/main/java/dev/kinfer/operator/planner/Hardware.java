package dev.kinfer.operator.planner;

/**
 * What one pod gets: GPUs and their memory, or (GPU-less) CPU cores and a memory limit, and the fraction of memory
 * the planner leaves free. A pod with several GPUs runs one process per GPU behind one queue, each process planned
 * like a single-GPU pod; use {@link #gpu} or {@link #cpuOnly}.
 */
public record Hardware(int gpusPerPod, double gpuMemoryMiB, int cpuCores, double memoryLimitMiB,
                       double headroomFraction) {

    public Hardware {
        Validation.require(gpusPerPod >= 0, "hardware.gpusPerPod", gpusPerPod, ">= 0");
        Validation.require(headroomFraction >= 0 && headroomFraction < 1, "hardware.headroomFraction",
                headroomFraction, "in [0, 1)");
        if (gpusPerPod > 0) {
            Validation.require(gpuMemoryMiB > 0 && Double.isFinite(gpuMemoryMiB), "hardware.gpuMemoryMiB",
                    gpuMemoryMiB, "> 0 when the pod has GPUs");
        } else {
            Validation.require(cpuCores >= 1, "hardware.cpuCores", cpuCores, ">= 1 on a CPU-only pod");
            Validation.require(memoryLimitMiB > 0 && Double.isFinite(memoryLimitMiB), "hardware.memoryLimitMiB",
                    memoryLimitMiB, "> 0 on a CPU-only pod");
        }
    }

    public static Hardware gpu(int gpusPerPod, double gpuMemoryMiB, double headroomFraction) {
        Validation.require(gpusPerPod >= 1, "hardware.gpusPerPod", gpusPerPod, ">= 1 for a GPU pod");
        return new Hardware(gpusPerPod, gpuMemoryMiB, 0, 0, headroomFraction);
    }

    public static Hardware cpuOnly(int cpuCores, double memoryLimitMiB, double headroomFraction) {
        return new Hardware(0, 0, cpuCores, memoryLimitMiB, headroomFraction);
    }

    public boolean hasGpu() {
        return gpusPerPod > 0;
    }

    /** Processes per pod: one per GPU, one on a CPU-only pod. */
    public int devicesPerPod() {
        return hasGpu() ? gpusPerPod : 1;
    }

    /** Memory one device offers to the plan once the headroom is set aside. */
    public double usableMemoryPerDeviceMiB() {
        return (hasGpu() ? gpuMemoryMiB : memoryLimitMiB) * (1 - headroomFraction);
    }

    public double memoryPerDeviceMiB() {
        return hasGpu() ? gpuMemoryMiB : memoryLimitMiB;
    }

    /** What the objective counts per pod: GPUs, or one pod when there are none. */
    public int costUnitsPerPod() {
        return hasGpu() ? gpusPerPod : 1;
    }

    /** More busy threads than cores only adds contention on a CPU; a GPU takes as many streams as fit. */
    public int maxWorkersPerDevice() {
        return hasGpu() ? Integer.MAX_VALUE : cpuCores;
    }
}
