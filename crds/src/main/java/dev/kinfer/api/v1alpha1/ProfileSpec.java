package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
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

    public List<ProfilePoint> getPoints() {
        return points;
    }

    public void setPoints(List<ProfilePoint> points) {
        this.points = points;
    }
}
