package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One measured configuration: this many workers running batches of this size. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ProfilePoint {

    @Required
    @Min(1)
    @JsonPropertyDescription("Samples per inference call.")
    private Integer batch;

    @Required
    @Min(1)
    @JsonPropertyDescription("Inference worker threads running concurrently in one pod.")
    private Integer workers;

    @Required
    @Min(0)
    @JsonPropertyDescription("Samples per second one pod sustained at this point.")
    private Double throughputPerSecond;

    @Min(0)
    @JsonPropertyDescription("Median time of one inference call, in milliseconds.")
    private Double p50Millis;

    @Min(0)
    @JsonPropertyDescription("99th percentile time of one inference call, in milliseconds.")
    private Double p99Millis;

    @Min(0)
    @JsonPropertyDescription("Peak device memory at this point, in MiB (GPU memory on a GPU, heap + native on CPU).")
    private Double memoryMiB;

    public Integer getBatch() {
        return batch;
    }

    public void setBatch(Integer batch) {
        this.batch = batch;
    }

    public Integer getWorkers() {
        return workers;
    }

    public void setWorkers(Integer workers) {
        this.workers = workers;
    }

    public Double getThroughputPerSecond() {
        return throughputPerSecond;
    }

    public void setThroughputPerSecond(Double throughputPerSecond) {
        this.throughputPerSecond = throughputPerSecond;
    }

    public Double getP50Millis() {
        return p50Millis;
    }

    public void setP50Millis(Double p50Millis) {
        this.p50Millis = p50Millis;
    }

    public Double getP99Millis() {
        return p99Millis;
    }

    public void setP99Millis(Double p99Millis) {
        this.p99Millis = p99Millis;
    }

    public Double getMemoryMiB() {
        return memoryMiB;
    }

    public void setMemoryMiB(Double memoryMiB) {
        this.memoryMiB = memoryMiB;
    }
}
