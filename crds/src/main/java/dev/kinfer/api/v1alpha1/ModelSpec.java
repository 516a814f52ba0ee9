package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** Which model to load and from where. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.sha256) || self.storageUri.matches('^(https?|s3)://')",
        message = "sha256 is only checked for a downloaded model: use an http(s):// or s3:// storageUri, or remove it",
        fieldPath = ".sha256")
@ValidationRule(value = "!has(self.credentialsSecret) || self.storageUri.startsWith('s3://')",
        message = "credentialsSecret is only used for an s3:// storageUri; remove it",
        fieldPath = ".credentialsSecret")
public class ModelSpec {

    @Required
    @JsonPropertyDescription("The model's format. Only pytorch (TorchScript) is served today.")
    private ModelFormat modelFormat;

    @Required
    @Pattern("^[a-z0-9]+://.+$")
    @JsonPropertyDescription("Where the model file is: pvc://<claim>/<path> (mounted read-only), file:///<path> inside "
            + "the runtime image, or http(s)://<host>/<path> and s3://<bucket>/<key>, which an init container downloads "
            + "into an emptyDir before the runtime starts.")
    private String storageUri;

    @Pattern("^[A-Fa-f0-9]{64}$")
    @JsonPropertyDescription("Expected SHA-256 of the model file (64 hex digits), checked after an http(s):// or s3:// "
            + "download: a mismatch fails the pod's fetch-model init container and no file is kept. Changing it rolls "
            + "the pods out. Only used with http(s):// and s3://.")
    private String sha256;

    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
    @JsonPropertyDescription("Name of a Secret in the same namespace whose keys AWS_ACCESS_KEY_ID and "
            + "AWS_SECRET_ACCESS_KEY (required), and AWS_SESSION_TOKEN, AWS_REGION, AWS_ENDPOINT_URL_S3 (optional) "
            + "are passed to the fetch-model init container only, to read an s3:// storageUri. Without it the "
            + "object is read anonymously. Only used with s3://.")
    private String credentialsSecret;

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

    public String getSha256() {
        return sha256;
    }

    public void setSha256(String sha256) {
        this.sha256 = sha256;
    }

    public String getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(String credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
