package dev.kinfer.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A model served on Kubernetes: what to serve and the SLA it must meet. The operator answers with a
 * plan (workers per pod, batching, replicas) and the resources that run it.
 */
@Group(InferenceService.GROUP)
@Version(InferenceService.VERSION)
@ShortNames("kisvc")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Workers", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.plan.workersPerPod")
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.replicas")
@AdditionalPrinterColumn(name = "Batch", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.plan.maxBatchSize")
@AdditionalPrinterColumn(name = "P99", type = AdditionalPrinterColumn.Type.NUMBER,
        jsonPath = ".status.plan.predictedP99Millis", getDescription = "Predicted p99 latency in milliseconds")
@AdditionalPrinterColumn(name = "URL", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class InferenceService extends CustomResource<InferenceServiceSpec, InferenceServiceStatus>
        implements Namespaced {

    public static final String GROUP = "serving.kinfer.dev";
    public static final String VERSION = "v1alpha1";

    @Override
    protected InferenceServiceStatus initStatus() {
        return new InferenceServiceStatus();
    }
}
