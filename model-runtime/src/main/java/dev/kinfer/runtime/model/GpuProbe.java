package dev.kinfer.runtime.model;

/**
 * How many GPUs the engine can use. The seam between device selection (tested on CPU machines
 * with fakes) and DJL's CUDA detection (which needs a GPU and a CUDA libtorch to say anything).
 */
@FunctionalInterface
public interface GpuProbe {
    int gpuCount();
}
