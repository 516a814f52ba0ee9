package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model performs on one kind of hardware: memory of its weights and, for a grid of workers x batch size,
 * throughput, latency and memory. Declared in the spec or measured by a profiling Job into the status.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfileSpec {

    public static final String SOURCE_DECLARED = "declared";
    public static final String SOURCE_MEASURED = "measured";

    @JsonPropertyDescription("Where the profile came from: declared (spec.profile) or measured (a profiling Job).")
    private String source;

    @JsonPropertyDescription("The storageUri of the model that was measured; a profile of another model is not used.")
    private String modelUri;

    @JsonPropertyDescription("Device the profile was measured on, e.g. cpu or gpu:NVIDIA H200.")
    private String device;

    @Min(0)
    @JsonPropertyDescription("Memory taken by one copy of the model's weights, in MiB.")
    private Double weightsMiB;

    @Min(0)
    @JsonPropertyDescription("Memory the device runtime (CUDA context) takes per process, in MiB.")
    private Double contextMiB;

    @Min(0)
    @JsonPropertyDescription("Latency one request adds to its model call (HTTP, parsing, hand-off to a worker), in ms:"
            + " the round trip at one connection minus the in-process call. The planner adds it to every prediction.")
    private Double requestOverheadMillis;

    @Min(0)
    @JsonPropertyDescription("The p99 of what a request adds to its model call, in ms: the round-trip p99 under"
            + " Poisson arrivals at half the rate one busy worker serves, minus the in-process call's p50. With"
            + " requestOverheadMillis it makes the added latency a distribution (garbage collection, the scheduler and"
            + " event loops sharing cores give fast models a tail one connection never shows). Unset: a constant.")
    private Double requestOverheadP99Millis;

    @Min(0)
    @Max(0.99)
    @JsonPropertyDescription("How busy the profiled pod's cores were (0 to 0.99) while requestOverheadP99Millis was"
            + " measured. On a CPU-only pod the planner scales the overhead's tail by (1 - this) / (1 - the busy share"
            + " its plan would give the cores), so the tail grows with load. Unset: the tail is the same at every load.")
    private Double requestOverheadP99Utilisation;

    @Min(0)
    @JsonPropertyDescription("CPU time one request costs the runtime beyond its model call, in ms. On a CPU-only pod"
            + " the planner takes it from the cores the workers use.")
    private Double requestCpuMillis;

    @Min(0)
    @JsonPropertyDescription("The part of requestCpuMillis a request pays because a worker wakes up and takes it on"
            + " its own, in ms: the server's CPU per request under Poisson arrivals less that when busy connections"
            + " keep it awake. The requests of a batch share it, so in batches of mean size k a request costs"
            + " requestCpuMillis - this x (1 - 1/k). At most requestCpuMillis. Unset: 0, the same CPU at every batch size.")
    private Double requestBatchCpuMillis;

    @JsonPropertyDescription("How much the workers' speed wanders over time, measured with every core's worker calling"
            + " (CPU profiles): for windows of several lengths, the variance of the mean call time beyond what"
            + " independent calls give. Where batches wait as GI/G/c (pods whose requests do not share the workers'"
            + " cores) the planner adds it to the calls' spread at the time scale the queue forgets on; CPU-only pods"
            + " wait as M/M/c with or without it. Unset: calls independent.")
    private List<SpeedDriftScale> speedDrift;

    @JsonPropertyDescription("Measured points of the workers x batch size grid.")
    private List<ProfilePoint> points = new ArrayList<>();

    public String getSource() {
        return source;
    }

    public void setSource(String source) {
        this.source = source;
    }

    public String getModelUri() {
        return modelUri;
    }

    public void setModelUri(String modelUri) {
        this.modelUri = modelUri;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public Double getWeightsMiB() {
        return weightsMiB;
    }

    public void setWeightsMiB(Double weightsMiB) {
        this.weightsMiB = weightsMiB;
    }

    public Double getContextMiB() {
        return contextMiB;
    }

    public void setContextMiB(Double contextMiB) {
        this.contextMiB = contextMiB;
    }

    public Double getRequestOverheadMillis() {
        return requestOverheadMillis;
    }

    public void setRequestOverheadMillis(Double requestOverheadMillis) {
        this.requestOverheadMillis = requestOverheadMillis;
    }

    public Double getRequestOverheadP99Millis() {
        return requestOverheadP99Millis;
    }

    public void setRequestOverheadP99Millis(Double requestOverheadP99Millis) {
        this.requestOverheadP99Millis = requestOverheadP99Millis;
    }

    public Double getRequestOverheadP99Utilisation() {
        return requestOverheadP99Utilisation;
    }

    public void setRequestOverheadP99Utilisation(Double requestOverheadP99Utilisation) {
        this.requestOverheadP99Utilisation = requestOverheadP99Utilisation;
    }

    public Double getRequestCpuMillis() {
        return requestCpuMillis;
    }

    public void setRequestCpuMillis(Double requestCpuMillis) {
        this.requestCpuMillis = requestCpuMillis;
    }

    public Double getRequestBatchCpuMillis() {
        return requestBatchCpuMillis;
    }

    public void setRequestBatchCpuMillis(Double requestBatchCpuMillis) {
        this.requestBatchCpuMillis = requestBatchCpuMillis;
    }

    public List<SpeedDriftScale> getSpeedDrift() {
        return speedDrift;
    }

    public void setSpeedDrift(List<SpeedDriftScale> speedDrift) {
        this.speedDrift = speedDrift;
    }

    public List<ProfilePoint> getPoints() {
        return points;
    }

    public void setPoints(List<ProfilePoint> points) {
        this.points = points;
    }
}
