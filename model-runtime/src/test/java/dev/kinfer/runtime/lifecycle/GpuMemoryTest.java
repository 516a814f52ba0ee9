package dev.kinfer.runtime.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.MemoryUsage;
import org.junit.jupiter.api.Test;

/** The GPU memory gauge exists only on a GPU and reads what the device reports (a fake here, DJL in production). */
class GpuMemoryTest {

    @Test
    void reportsUsedGpuMemoryWhenTheModelRunsOnAGpu() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        boolean registered = GpuMemory.register(Device.gpu(0), new RuntimeMetrics(registry),
                device -> new MemoryUsage(0, 3L << 30, 3L << 30, 80L << 30));

        assertThat(registered).isTrue();
        assertThat(registry.get("kinfer.gpu.memory.used").gauge().value()).isEqualTo((double) (3L << 30));
    }

    @Test
    void hasNoGpuMemoryGaugeOnTheCpu() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        assertThat(GpuMemory.register(Device.cpu(), new RuntimeMetrics(registry), device -> {
            throw new AssertionError("never read on a CPU");
        })).isFalse();
        assertThat(registry.find("kinfer.gpu.memory.used").gauge()).isNull();
    }
}
