package dev.kinfer.runtime.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** One {@link RuntimeMetrics} over Quarkus' Prometheus registry. */
public class MetricsProducer {

    @Produces
    @Singleton
    RuntimeMetrics metrics(MeterRegistry registry) {
        return new RuntimeMetrics(registry);
    }
}
