package dev.kinfer.runtime.lifecycle;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import java.lang.management.MemoryUsage;
import java.util.function.Function;

/**
 * The GPU memory gauge, only on a GPU. The reading goes through a function so the wiring is tested
 * on CPU machines; in production it is DJL's {@link CudaUtils#getGpuMemory}.
 */
final class GpuMemory {
    private GpuMemory() {
    }

    static boolean register(Device device, RuntimeMetrics metrics) {
        return register(device, metrics, CudaUtils::getGpuMemory);
    }

    static boolean register(Device device, RuntimeMetrics metrics, Function<Device, MemoryUsage> reader) {
        if (!device.isGpu()) {
            return false;
        }
        metrics.gauge("kinfer.gpu.memory.used", "GPU memory in use on the model's device", "bytes",
                () -> reader.apply(device).getUsed());
        return true;
    }
}
