package dev.kinfer.operator;

import dev.kinfer.operator.config.OperatorConfig;
import java.time.Duration;

/** The documented defaults of {@link OperatorConfig}, for tests that run without Quarkus. */
public record TestConfig(String runtimeImage, String imagePullPolicy, String clusterDomain,
        int defaultQueueCapacity, int modelLoadTimeoutSeconds, String djlCacheSizeLimit, String modelDownloadSizeLimit,
        String defaultGpuMemory,
        String defaultMemoryLimit, double memoryHeadroom, int planCacheSize, int profilingBudgetSeconds,
        Duration profilingInitialBackoff, Duration profilingMaxBackoff) implements OperatorConfig {

    public static TestConfig defaults() {
        return new TestConfig("kinfer/model-runtime:0.1.0", "IfNotPresent", "cluster.local", 256, 600, "2Gi",
                "20Gi", "16Gi", "2Gi", 0.1, 1024, 60, Duration.ofSeconds(30), Duration.ofMinutes(10));
    }

    @Override
    public boolean serverSideApply() {
        return true;
    }

    @Override
    public Duration resyncPeriod() {
        return Duration.ofHours(10);
    }

    @Override
    public boolean jsonLogs() {
        return false;
    }
}
