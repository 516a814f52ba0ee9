package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** The service level the plan must meet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SlaSpec {

    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("Target 99th percentile latency of one request, in milliseconds, measured at the model "
            + "server (queueing + batching + inference). Must be positive.")
    private Double p99LatencyMillis;

    @Min(value = 0, inclusive = false)
    @JsonPropertyDescription("Requests (samples) per second the whole service must sustain. Must be positive.")
    private Double throughputPerSecond;

    public SlaSpec() {
    }

    public SlaSpec(Double p99LatencyMillis, Double throughputPerSecond) {
        this.p99LatencyMillis = p99LatencyMillis;
        this.throughputPerSecond = throughputPerSecond;
    }

    public Double getP99LatencyMillis() {
        return p99LatencyMillis;
    }

    public void setP99LatencyMillis(Double p99LatencyMillis) {
        this.p99LatencyMillis = p99LatencyMillis;
    }

    public Double getThroughputPerSecond() {
        return throughputPerSecond;
    }

    public void setThroughputPerSecond(Double throughputPerSecond) {
        this.throughputPerSecond = throughputPerSecond;
    }
}
