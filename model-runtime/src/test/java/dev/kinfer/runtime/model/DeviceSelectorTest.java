package dev.kinfer.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.kinfer.runtime.config.InvalidConfigurationException;
import org.junit.jupiter.api.Test;

/** Device choice with the GPU count faked: the GPU path is covered on machines without one. */
class DeviceSelectorTest {
    private static final GpuProbe NO_GPU = () -> 0;
    private static final GpuProbe ONE_GPU = () -> 1;

    @Test
    void autoPicksTheGpuWhenTheEngineSeesOne() {
        assertEquals(Device.gpu(0), new DeviceSelector(ONE_GPU).select(dev.kinfer.runtime.config.Device.AUTO));
    }

    @Test
    void autoFallsBackToTheCpuWithoutAGpu() {
        assertEquals(Device.cpu(), new DeviceSelector(NO_GPU).select(dev.kinfer.runtime.config.Device.AUTO));
    }

    @Test
    void cpuStaysOnTheCpuEvenWithAGpu() {
        assertEquals(Device.cpu(), new DeviceSelector(ONE_GPU).select(dev.kinfer.runtime.config.Device.CPU));
    }

    @Test
    void gpuFailsNamingTheSettingWhenTheEngineSeesNoGpu() {
        InvalidConfigurationException e = assertThrows(InvalidConfigurationException.class,
                () -> new DeviceSelector(NO_GPU).select(dev.kinfer.runtime.config.Device.GPU));
        assertTrue(e.getMessage().startsWith("KINFER_DEVICE is 'gpu' but the PyTorch engine sees no GPU"), e.getMessage());
    }

    @Test
    void gpuPicksTheFirstGpu() {
        assertEquals(Device.gpu(0), new DeviceSelector(ONE_GPU).select(dev.kinfer.runtime.config.Device.GPU));
    }
}
