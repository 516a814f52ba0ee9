package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed and decided; written only by the operator. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceServiceStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("In-cluster URL of the service, e.g. http://resnet.vision.svc.cluster.local.")
    private String url;

    @JsonPropertyDescription("Ready, Planned, Profiled, Available, Progressing and Degraded, with CamelCase reasons.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The chosen workers, batching and replicas with the predicted p99 and throughput.")
    private PlanStatus plan;

    @JsonPropertyDescription("The model profile the plan was computed from.")
    private ProfileSpec profile;

    @JsonPropertyDescription("Pod replicas the operator asked for.")
    private Integer replicas;

    @JsonPropertyDescription("Pod replicas that are ready to serve.")
    private Integer readyReplicas;

    @JsonPropertyDescription("Label selector of the model server pods.")
    private String selector;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public String getUrl() {
        return url;
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions;
    }

    public PlanStatus getPlan() {
        return plan;
    }

    public void setPlan(PlanStatus plan) {
        this.plan = plan;
    }

    public ProfileSpec getProfile() {
        return profile;
    }

    public void setProfile(ProfileSpec profile) {
        this.profile = profile;
    }

    public Integer getReplicas() {
        return replicas;
    }

    public void setReplicas(Integer replicas) {
        this.replicas = replicas;
    }

    public Integer getReadyReplicas() {
        return readyReplicas;
    }

    public void setReadyReplicas(Integer readyReplicas) {
        this.readyReplicas = readyReplicas;
    }

    public String getSelector() {
        return selector;
    }

    public void setSelector(String selector) {
        this.selector = selector;
    }
}
