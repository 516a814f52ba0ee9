package dev.kinfer.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Every metric the runtime exports, named once. Meters with tags are cached so the hot path does
 * one map lookup, not a registry lookup, per request. Histograms have fixed buckets (Prometheus
 * {@code _bucket} series) so latency quantiles can be aggregated across pods.
 */
public class RuntimeMetrics {
    /**
     * Ten buckets a decade (the R10 series 1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8) from 0.1 ms to 10 s: a quantile read
     * from them is within about 12 % of the true one, fine enough to set a served model call's p99 beside the profile's
     * (docs/planner.md) at 51 buckets a series.
     */
    static final Duration[] LATENCY_BUCKETS = latencyBuckets();

    private final MeterRegistry registry;
    private final Map<String, Timer> requests = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Timer queueWait;
    private final Timer inference;
    private final DistributionSummary batchSize;
    private final AtomicInteger inFlight = new AtomicInteger();

    public RuntimeMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.queueWait = Timer.builder("kinfer.queue.wait")
                .description("Time a request waited in the queue before a worker took it")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.inference = Timer.builder("kinfer.inference")
                .description("Time a worker spent in one model call for requests, a batch or a lone request: inputs to"
                        + " the engine, the call, outputs back")
                .serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        this.batchSize = DistributionSummary.builder("kinfer.batch.size")
                .description("Samples per inference run by a worker").baseUnit("samples")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256).register(registry);
        gauge("kinfer.requests.in.flight", "Inference requests accepted and not yet answered", null, inFlight::get);
    }

    /** An inference request was accepted (queued); {@link #answered()} follows exactly once. */
    public void accepted() {
        inFlight.incrementAndGet();
    }

    public void answered() {
        inFlight.decrementAndGet();
    }

    private static Duration[] latencyBuckets() {
        long[] r10 = {100, 125, 160, 200, 250, 320, 400, 500, 630, 800};
        Duration[] buckets = new Duration[5 * r10.length + 1];
        long decade = 1_000; // nanoseconds: 100 x 1 us = 0.1 ms
        for (int d = 0; d < 5; d++, decade *= 10) {
            for (int i = 0; i < r10.length; i++) {
                buckets[d * r10.length + i] = Duration.ofNanos(r10[i] * decade);
            }
        }
        buckets[buckets.length - 1] = Duration.ofSeconds(10);
        return buckets;
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** One HTTP request ended; {@code endpoint} is a fixed name such as {@code v2_infer}, never a raw path. */
    public void request(String endpoint, int status, long nanos) {
        requests.computeIfAbsent(endpoint + ' ' + status, k -> Timer.builder("kinfer.requests")
                        .description("HTTP requests by endpoint and status, with their latency")
                        .tag("endpoint", endpoint).tag("status", Integer.toString(status))
                        .serviceLevelObjectives(LATENCY_BUCKETS).register(registry))
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void queueWait(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void inference(long nanos) {
        inference.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void batch(int samples) {
        batchSize.record(samples);
    }

    /** An inference failed inside a worker; {@code kind} is {@code rejected} (bad input) or {@code failed}. */
    public void inferenceError(String kind) {
        errors.computeIfAbsent(kind, k -> Counter.builder("kinfer.inference.errors")
                .description("Inferences that failed inside a worker, by kind").tag("kind", k).register(registry))
                .increment();
    }

    public void gauge(String name, String description, String unit, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).baseUnit(unit).strongReference(true).register(registry);
    }
}
