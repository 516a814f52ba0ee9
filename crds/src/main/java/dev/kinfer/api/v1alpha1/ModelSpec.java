package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** Which model to load and from where. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ModelSpec {

    @Required
    @JsonPropertyDescription("The model's format. Only pytorch (TorchScript) is served today.")
    private ModelFormat modelFormat;

    @Required
    @Pattern("^[a-z0-9]+://.+$")
    @JsonPropertyDescription("Where the model file is: pvc://<claim>/<path>, file:///<path> inside the runtime image, "
            + "later http(s):// and s3://.")
    private String storageUri;

    @Pattern("^[a-z0-9]([-a-z0-9_.]*[a-z0-9])?$")
    @JsonPropertyDescription("Name the model is served under (/v2/models/<name>). Defaults to the resource's name.")
    private String name;

    public ModelFormat getModelFormat() {
        return modelFormat;
    }

    public void setModelFormat(ModelFormat modelFormat) {
        this.modelFormat = modelFormat;
    }

    public String getStorageUri() {
        return storageUri;
    }

    public void setStorageUri(String storageUri) {
        this.storageUri = storageUri;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
