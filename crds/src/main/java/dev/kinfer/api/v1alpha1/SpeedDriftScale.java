package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** How much the workers' speed wandered over windows of one length. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SpeedDriftScale {

    @Required
    @Min(0)
    @JsonPropertyDescription("Length of the windows, in seconds.")
    private Double seconds;

    @Required
    @Min(0)
    @JsonPropertyDescription("Variance of the mean call time over windows of this length, relative to the squared mean"
            + " call, beyond what independent calls give.")
    private Double variance;

    public SpeedDriftScale() {
    }

    public SpeedDriftScale(double seconds, double variance) {
        this.seconds = seconds;
        this.variance = variance;
    }

    public Double getSeconds() {
        return seconds;
    }

    public void setSeconds(Double seconds) {
        this.seconds = seconds;
    }

    public Double getVariance() {
        return variance;
    }

    public void setVariance(Double variance) {
        this.variance = variance;
    }
}
