package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Pins for the runtime's dynamic batcher; an omitted field is planned. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BatchingSpec {

    @Min(1)
    @Max(4096)
    @JsonPropertyDescription("Most samples the runtime stacks into one inference call.")
    private Integer maxBatchSize;

    @Min(0)
    @Max(10000)
    @JsonPropertyDescription("Longest time in milliseconds the runtime waits for a batch to fill before running it.")
    private Integer maxBatchDelayMillis;

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
}
