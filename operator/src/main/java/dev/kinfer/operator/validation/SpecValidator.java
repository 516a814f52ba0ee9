package dev.kinfer.operator.validation;

import dev.kinfer.api.v1alpha1.BatchingSpec;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceSpec;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.ModelSpec;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.desired.ModelLocation;
import dev.kinfer.operator.desired.RuntimeContainer;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks an InferenceService before anything is built from it and returns every problem at once, each naming
 * the field and what to do. The CRD's OpenAPI schema and CEL rules check much of this too, but not every API
 * server runs them (the Fabric8 mock runs none), and an operator must not build from a spec it cannot serve.
 */
public final class SpecValidator {

    static final String PYTORCH_HINT = "use 'pytorch' (a TorchScript file saved with torch.jit.save)";
    private static final String URI_HINT = ModelLocation.SUPPORTED;
    private static final Pattern SHA256 = Pattern.compile("[A-Fa-f0-9]{64}");
    // Service names are DNS-1035 labels; the same name is the app.kubernetes.io/instance label value.
    private static final Pattern DNS1035_LABEL = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");

    private SpecValidator() {
    }

    /** Every problem of the resource, in field order; empty when the operator can serve it. */
    public static List<String> validate(InferenceService isvc) {
        List<String> problems = new ArrayList<>();
        checkName(isvc.getMetadata().getName(), problems);
        InferenceServiceSpec spec = isvc.getSpec();
        if (spec == null) {
            problems.add("spec is required; set spec.predictor.model.modelFormat.name and "
                    + "spec.predictor.model.storageUri");
            return problems;
        }
        PredictorSpec predictor = spec.getPredictor();
        if (predictor == null) {
            problems.add("spec.predictor is required; set spec.predictor.model.modelFormat.name and "
                    + "spec.predictor.model.storageUri");
            return problems;
        }
        checkModel(predictor.getModel(), problems);
        checkReplicas(predictor, problems);
        checkPins(predictor, problems);
        checkResources(predictor.getResources(), problems);
        checkSla(spec.getSla(), problems);
        return problems;
    }

    private static void checkSla(SlaSpec sla, List<String> problems) {
        if (sla == null) {
            return;
        }
        if (sla.getP99LatencyMillis() == null && sla.getThroughputPerSecond() == null) {
            problems.add("spec.sla is empty; set p99LatencyMillis, throughputPerSecond or both, or remove spec.sla");
        }
        positive("spec.sla.p99LatencyMillis", sla.getP99LatencyMillis(), "milliseconds", problems);
        positive("spec.sla.throughputPerSecond", sla.getThroughputPerSecond(), "requests per second", problems);
    }

    private static void positive(String field, Double value, String unit, List<String> problems) {
        if (value != null && !(value > 0 && Double.isFinite(value))) {
            problems.add(field + " is " + value + " but must be a positive number of " + unit);
        }
    }

    private static void checkName(String name, List<String> problems) {
        if (name == null || name.length() > 63 || !DNS1035_LABEL.matcher(name).matches()) {
            problems.add("metadata.name '" + name + "' cannot name a Service; use at most 63 lower-case letters, "
                    + "digits and '-', starting with a letter");
        }
    }

    private static void checkModel(ModelSpec model, List<String> problems) {
        if (model == null) {
            problems.add("spec.predictor.model is required; set modelFormat.name ('pytorch') and storageUri ("
                    + URI_HINT + ")");
            return;
        }
        ModelFormat format = model.getModelFormat();
        if (format == null || format.getName() == null || format.getName().isBlank()) {
            problems.add("spec.predictor.model.modelFormat.name is required; " + PYTORCH_HINT);
        } else if (!ModelFormat.PYTORCH.equals(format.getName())) {
            problems.add("spec.predictor.model.modelFormat.name '" + format.getName() + "' is not supported; "
                    + PYTORCH_HINT);
        }
        String uri = model.getStorageUri();
        if (uri == null || uri.isBlank()) {
            problems.add("spec.predictor.model.storageUri is required; " + URI_HINT);
        } else {
            try {
                checkDownload(model, ModelLocation.parse(uri), problems);
            } catch (ModelLocation.UnsupportedLocationException e) {
                problems.add("spec.predictor.model.storageUri " + e.getMessage());
            }
        }
    }

    private static void checkDownload(ModelSpec model, ModelLocation location, List<String> problems) {
        String sha256 = model.getSha256();
        if (sha256 != null && !SHA256.matcher(sha256).matches()) {
            problems.add("spec.predictor.model.sha256 '" + sha256 + "' is not a SHA-256; use the 64 hex digits "
                    + "that sha256sum prints for the model file");
        } else if (sha256 != null && !(location instanceof ModelLocation.Fetched)) {
            problems.add("spec.predictor.model.sha256 is only checked for a downloaded model (http(s):// or s3:// "
                    + "storageUri); remove it");
        }
        String secret = model.getCredentialsSecret();
        if (secret != null && (secret.length() > 253 || !ModelLocation.DNS1123_SUBDOMAIN.matcher(secret).matches())) {
            problems.add("spec.predictor.model.credentialsSecret '" + secret + "' cannot name a Secret; use a "
                    + "lower-case DNS name");
        } else if (secret != null && !(location instanceof ModelLocation.S3)) {
            problems.add("spec.predictor.model.credentialsSecret is only used for an s3:// storageUri; remove it");
        }
    }

    private static void checkReplicas(PredictorSpec predictor, List<String> problems) {
        Integer min = predictor.getMinReplicas();
        Integer max = predictor.getMaxReplicas();
        if (min != null && min < 0) {
            problems.add("spec.predictor.minReplicas " + min + " is negative; use 0 or more");
        }
        if (max != null && max < 1) {
            problems.add("spec.predictor.maxReplicas " + max + " is less than 1; use 1 or more");
        }
        if (min != null && max != null && min > max) {
            problems.add("spec.predictor.minReplicas " + min + " is greater than maxReplicas " + max
                    + "; lower minReplicas or raise maxReplicas");
        }
    }

    private static void checkPins(PredictorSpec predictor, List<String> problems) {
        Integer workers = predictor.getWorkers();
        if (workers != null && (workers < 1 || workers > 256)) {
            problems.add("spec.predictor.workers " + workers + " is out of range; use 1 to 256 or omit it");
        }
        BatchingSpec batching = predictor.getBatching();
        if (batching == null) {
            return;
        }
        Integer size = batching.getMaxBatchSize();
        if (size != null && (size < 1 || size > 4096)) {
            problems.add("spec.predictor.batching.maxBatchSize " + size + " is out of range; use 1 to 4096 or omit it");
        }
        Integer delay = batching.getMaxBatchDelayMillis();
        if (delay != null && (delay < 0 || delay > 10000)) {
            problems.add("spec.predictor.batching.maxBatchDelayMillis " + delay
                    + " is out of range; use 0 to 10000 or omit it");
        }
    }

    // The API server checks quantities too, but the builder reads the GPU limit before anything is sent.
    private static void checkResources(ResourceRequirements resources, List<String> problems) {
        if (resources == null) {
            return;
        }
        checkQuantities("limits", resources.getLimits(), problems);
        checkQuantities("requests", resources.getRequests(), problems);
    }

    private static void checkQuantities(String kind, Map<String, Quantity> quantities, List<String> problems) {
        if (quantities == null) {
            return;
        }
        quantities.forEach((name, quantity) -> {
            String field = "spec.predictor.resources." + kind + "." + name;
            BigDecimal amount;
            try {
                amount = quantity.getNumericalAmount();
            } catch (RuntimeException e) {
                problems.add(field + " '" + quantity + "' is not a quantity; use e.g. 2, 500m or 8Gi");
                return;
            }
            boolean wholeNumber = amount.signum() >= 0 && amount.stripTrailingZeros().scale() <= 0;
            if (RuntimeContainer.GPU_RESOURCE.equals(name) && !wholeNumber) {
                problems.add(field + " '" + quantity + "' is not a whole number of GPUs; use e.g. 1");
            }
        });
    }
}
