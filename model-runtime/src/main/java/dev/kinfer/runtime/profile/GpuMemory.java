package dev.kinfer.runtime.profile;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;

/**
 * Device memory in use on the profiled GPU, from DJL's {@code CudaUtils.getGpuMemory} (cudaMemGetInfo:
 * total - free). That is the whole device, CUDA context, cuDNN/cuBLAS workspaces and PyTorch's caching
 * allocator reserve included, i.e. the process-level figure docs/planner.md asks for, provided the
 * profiling pod has the GPU to itself (it requests it, so Kubernetes gives it no other pod).
 */
public final class GpuMemory implements MemoryProbe {
    private final Device device;

    public GpuMemory(Device device) {
        this.device = device;
    }

    @Override
    public long usedBytes() {
        return CudaUtils.getGpuMemory(device).getUsed();
    }

    @Override
    public String describe() {
        return "device memory in use on " + device + " (cudaMemGetInfo)";
    }
}
