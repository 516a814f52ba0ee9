package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.InferenceService;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Names and the recommended app.kubernetes.io labels of everything the operator creates for a service. */
public final class Labels {

    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";

    public static final String RUNTIME = "kinfer-runtime";
    public static final String PREDICTOR = "predictor";
    public static final String OPERATOR = "kinfer-operator";
    public static final String KINFER = "kinfer";

    /** Selects only what this operator manages; the Deployment and Service informers watch nothing else. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + OPERATOR;

    private Labels() {
    }

    public static String deploymentName(InferenceService isvc) {
        return isvc.getMetadata().getName() + "-predictor";
    }

    public static String serviceName(InferenceService isvc) {
        return isvc.getMetadata().getName();
    }

    /** Labels that pick out the predictor pods; immutable on a Deployment, so never add to them. */
    public static Map<String, String> selector(InferenceService isvc) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(INSTANCE, isvc.getMetadata().getName());
        labels.put(COMPONENT, PREDICTOR);
        return labels;
    }

    /** The selector as a string, for status.selector and the scale subresource. */
    public static String selectorString(InferenceService isvc) {
        return selector(isvc).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }

    public static Map<String, String> predictor(InferenceService isvc) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(NAME, RUNTIME);
        labels.putAll(selector(isvc));
        labels.put(MANAGED_BY, OPERATOR);
        labels.put(PART_OF, KINFER);
        return labels;
    }
}
