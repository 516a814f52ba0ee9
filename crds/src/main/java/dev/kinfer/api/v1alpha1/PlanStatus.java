package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The sizes the operator chose for the service, what it predicts they deliver, and why. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlanStatus {

    @JsonPropertyDescription("Inference worker threads per pod.")
    private Integer workersPerPod;

    @JsonPropertyDescription("Most samples stacked into one inference call.")
    private Integer maxBatchSize;

    @JsonPropertyDescription("Longest wait for a batch to fill, in milliseconds.")
    private Integer maxBatchDelayMillis;

    @JsonPropertyDescription("Pod replicas.")
    private Integer replicas;

    @JsonPropertyDescription("Predicted 99th percentile latency at the SLA's throughput, in milliseconds.")
    private Double predictedP99Millis;

    @JsonPropertyDescription("Predicted samples per second the planned replicas sustain.")
    private Double predictedThroughputPerSecond;

    @JsonPropertyDescription("Predicted GPU memory used per pod, in MiB.")
    private Double gpuMemoryPerPodMiB;

    @JsonPropertyDescription("Memory of one GPU the plan assumed, in MiB (GPU pods only).")
    private Double gpuMemoryMiB;

    @JsonPropertyDescription("Where gpuMemoryMiB came from: spec.predictor.gpuMemory, the nvidia.com/gpu.memory "
            + "label of the matching nodes, or the operator's default.")
    private String gpuMemorySource;

    @JsonPropertyDescription("Whether the plan meets the SLA within the bounds; false means best effort.")
    private Boolean feasible;

    @JsonPropertyDescription("Why this plan: the binding constraint and what it beat.")
    private String reason;

    public Integer getWorkersPerPod() {
        return workersPerPod;
    }

    public void setWorkersPerPod(Integer workersPerPod) {
        this.workersPerPod = workersPerPod;
    }

    public Integer getMaxBatchSize() {
        return maxBatchSize;
    }

    public void setMaxBatchSize(Integer maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    public Integer getMaxBatchDelayMillis() {
        return maxBatchDelayMillis;
    }

    public void setMaxBatchDelayMillis(Integer maxBatchDelayMillis) {
        this.maxBatchDelayMillis = maxBatchDelayMillis;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Double getPredictedP99Millis() {
        return predictedP99Millis;
    }

    public void setPredictedP99Millis(Double predictedP99Millis) {
        this.predictedP99Millis = predictedP99Millis;
    }

    public Double getPredictedThroughputPerSecond() {
        return predictedThroughputPerSecond;
    }

    public void setPredictedThroughputPerSecond(Double predictedThroughputPerSecond) {
        this.predictedThroughputPerSecond = predictedThroughputPerSecond;
    }

    public Double getGpuMemoryPerPodMiB() {
        return gpuMemoryPerPodMiB;
    }

    public void setGpuMemoryPerPodMiB(Double gpuMemoryPerPodMiB) {
        this.gpuMemoryPerPodMiB = gpuMemoryPerPodMiB;
    }

    public Double getGpuMemoryMiB() {
        return gpuMemoryMiB;
    }

    public void setGpuMemoryMiB(Double gpuMemoryMiB) {
        this.gpuMemoryMiB = gpuMemoryMiB;
    }

    public String getGpuMemorySource() {
        return gpuMemorySource;
    }

    public void setGpuMemorySource(String gpuMemorySource) {
        this.gpuMemorySource = gpuMemorySource;
    }

    public Boolean getFeasible() {
        return feasible;
    }

    public void setFeasible(Boolean feasible) {
        this.feasible = feasible;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PlanStatus p)) {
            return false;
        }
        return Objects.equals(workersPerPod, p.workersPerPod) && Objects.equals(maxBatchSize, p.maxBatchSize)
                && Objects.equals(maxBatchDelayMillis, p.maxBatchDelayMillis) && Objects.equals(replicas, p.replicas)
                && Objects.equals(predictedP99Millis, p.predictedP99Millis)
                && Objects.equals(predictedThroughputPerSecond, p.predictedThroughputPerSecond)
                && Objects.equals(gpuMemoryPerPodMiB, p.gpuMemoryPerPodMiB) && Objects.equals(gpuMemoryMiB, p.gpuMemoryMiB)
                && Objects.equals(gpuMemorySource, p.gpuMemorySource) && Objects.equals(feasible, p.feasible)
                && Objects.equals(reason, p.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(workersPerPod, maxBatchSize, maxBatchDelayMillis, replicas, predictedP99Millis,
                predictedThroughputPerSecond, gpuMemoryPerPodMiB, gpuMemoryMiB, gpuMemorySource, feasible, reason);
    }
}
