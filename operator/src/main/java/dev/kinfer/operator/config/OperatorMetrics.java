package dev.kinfer.operator.config;

import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetricsV2;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * JOSDK's reconcile metrics in the Micrometer registry behind /q/metrics. QOSDK 7.7.3 offers them through a default
 * bean that hands out its {@code Metrics} only after Micrometer has bound it as a MeterBinder, and the operator's
 * configuration service asks before that happens: it got JOSDK's no-op metrics, and /q/metrics had no
 * reconciliations_* series at all (seen on the scale benchmark's operator). Producing them here from the registry
 * itself does not depend on that order, and replaces the default bean.
 */
public class OperatorMetrics {

    @Produces
    @Singleton
    Metrics josdkMetrics(MeterRegistry registry) {
        return MicrometerMetricsV2.newBuilder(registry).build();
    }
}
