package dev.kinfer.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** What to serve (the predictor), the service level it must meet, and optionally a measured profile. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class InferenceServiceSpec {

    @Required
    @JsonPropertyDescription("The model server: which model to load, how far it may scale, and optional pins for the plan.")
    private PredictorSpec predictor;

    @JsonPropertyDescription("Latency and throughput the service must meet. The operator plans workers, batching and "
            + "replicas to meet it and reports in status.plan whether it can. Omit to run the pinned or default sizes.")
    private SlaSpec sla;

    @JsonPropertyDescription("A declared performance profile of the model on this hardware. Omit to let the operator "
            + "measure one with a profiling Job.")
    private ProfileSpec profile;

    public PredictorSpec getPredictor() {
        return predictor;
    }

    public void setPredictor(PredictorSpec predictor) {
        this.predictor = predictor;
    }

    public SlaSpec getSla() {
        return sla;
    }

    public void setSla(SlaSpec sla) {
        this.sla = sla;
    }

    public ProfileSpec getProfile() {
        return profile;
    }

    public void setProfile(ProfileSpec profile) {
        this.profile = profile;
    }
}
