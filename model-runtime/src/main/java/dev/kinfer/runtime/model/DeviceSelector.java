package dev.kinfer.runtime.model;

import ai.djl.Device;
import dev.kinfer.runtime.config.InvalidConfigurationException;

/** Turns {@code KINFER_DEVICE} into the DJL device the model is loaded on. */
public final class DeviceSelector {
    private final GpuProbe gpus;

    public DeviceSelector(GpuProbe gpus) {
        this.gpus = gpus;
    }

    public Device select(dev.kinfer.runtime.config.Device requested) {
        return switch (requested) {
            case CPU -> Device.cpu();
            case GPU -> {
                if (gpus.gpuCount() < 1) {
                    throw new InvalidConfigurationException("KINFER_DEVICE is 'gpu' but the PyTorch engine sees no GPU;"
                            + " run on a node with a GPU and a CUDA build of libtorch, or set KINFER_DEVICE=cpu or auto");
                }
                yield Device.gpu(0);
            }
            case AUTO -> gpus.gpuCount() > 0 ? Device.gpu(0) : Device.cpu();
        };
    }
}
