package dev.kinfer.runtime.model;

import jakarta.enterprise.context.ApplicationScoped;

/** The production {@link GpuProbe}: whatever DJL's PyTorch engine reports. */
@ApplicationScoped
public class DjlGpuProbe implements GpuProbe {
    @Override
    public int gpuCount() {
        DjlEnvironment.forceOffline();
        return DjlEnvironment.engineGpuCount();
    }
}
