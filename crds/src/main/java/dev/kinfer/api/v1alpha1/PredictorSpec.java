package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/** The model server pods: the model, the replica bounds, the resources and optional pins of the plan. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
        message = "minReplicas must be less than or equal to maxReplicas", fieldPath = ".minReplicas")
public class PredictorSpec {

    @Required
    @JsonPropertyDescription("The model to serve: its format and where to load it from.")
    private ModelSpec model;

    @Min(0)
    @JsonPropertyDescription("Fewest pod replicas the operator may plan. Defaults to 1.")
    private Integer minReplicas;

    @Min(1)
    @JsonPropertyDescription("Most pod replicas the operator may plan. Defaults to minReplicas when no SLA is given, "
            + "else to 10.")
    private Integer maxReplicas;

    @JsonPropertyDescription("Compute resources of each model server container, e.g. limits: {nvidia.com/gpu: \"1\", "
            + "memory: 8Gi}. The number of GPUs per pod comes from the nvidia.com/gpu limit.")
    private ResourceRequirements resources;

    @Pattern("^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|K|M|G|T)?$")
    @JsonPropertyDescription("Memory of one GPU as a Kubernetes quantity (e.g. 80Gi). When omitted, the node label "
            + "nvidia.com/gpu.memory is used, else the operator's default.")
    private String gpuMemory;

    @Min(1)
    @Max(256)
    @JsonPropertyDescription("Pins the number of inference worker threads per pod. Omit to let the operator plan it.")
    private Integer workers;

    @JsonPropertyDescription("Pins for dynamic batching. Omitted fields are planned by the operator.")
    private BatchingSpec batching;

    @JsonPropertyDescription("Model runtime container image. Defaults to the operator's configured runtime image.")
    private String image;

    @JsonPropertyDescription("Node labels the model server pods (and the profiling Job) must run on, e.g. "
            + "nvidia.com/gpu.product: NVIDIA-H100-80GB-HBM3. Also selects the nodes whose nvidia.com/gpu.memory "
            + "label gives the GPU memory when spec.predictor.gpuMemory is not set.")
    private Map<String, String> nodeSelector;

    @JsonPropertyDescription("Tolerations of the model server pods, e.g. for tainted GPU nodes.")
    private List<Toleration> tolerations;

    @JsonPropertyDescription("Affinity rules of the model server pods.")
    private Affinity affinity;

    @JsonPropertyDescription("PriorityClass of the model server pods.")
    private String priorityClassName;

    public ModelSpec getModel() {
        return model;
    }

    public void setModel(ModelSpec model) {
        this.model = model;
    }

    public Integer getMinReplicas() {
        return minReplicas;
    }

    public void setMinReplicas(Integer minReplicas) {
        this.minReplicas = minReplicas;
    }

    public Integer getMaxReplicas() {
        return maxReplicas;
    }

    public void setMaxReplicas(Integer maxReplicas) {
        this.maxReplicas = maxReplicas;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public String getGpuMemory() {
        return gpuMemory;
    }

    public void setGpuMemory(String gpuMemory) {
        this.gpuMemory = gpuMemory;
    }

    public Integer getWorkers() {
        return workers;
    }

    public void setWorkers(Integer workers) {
        this.workers = workers;
    }

    public BatchingSpec getBatching() {
        return batching;
    }

    public void setBatching(BatchingSpec batching) {
        this.batching = batching;
    }

    public Map<String, String> getNodeSelector() {
        return nodeSelector;
    }

    public void setNodeSelector(Map<String, String> nodeSelector) {
        this.nodeSelector = nodeSelector;
    }

    public List<Toleration> getTolerations() {
        return tolerations;
    }

    public void setTolerations(List<Toleration> tolerations) {
        this.tolerations = tolerations;
    }

    public Affinity getAffinity() {
        return affinity;
    }

    public void setAffinity(Affinity affinity) {
        this.affinity = affinity;
    }

    public String getPriorityClassName() {
        return priorityClassName;
    }

    public void setPriorityClassName(String priorityClassName) {
        this.priorityClassName = priorityClassName;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }
}
