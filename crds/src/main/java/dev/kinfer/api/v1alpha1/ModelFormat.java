package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** The format of a model file, named as KServe names it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelFormat {

    public static final String PYTORCH = "pytorch";

    @Required
    @JsonPropertyDescription("Format name. Supported: pytorch (a TorchScript file saved with torch.jit.save).")
    private String name;

    @JsonPropertyDescription("Optional format version, informational.")
    private String version;

    public ModelFormat() {
    }

    public ModelFormat(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }
}
