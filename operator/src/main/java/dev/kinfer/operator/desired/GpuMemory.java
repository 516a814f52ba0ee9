package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.PredictorSpec;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collection;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Memory of one GPU as the planner assumes it, and where the figure came from: spec.predictor.gpuMemory, else the
 * {@code nvidia.com/gpu.memory} label (MiB, as NVIDIA GPU Feature Discovery sets it) of the nodes the pods may
 * run on — the smallest, since a pod may land on any of them — else the operator's default.
 */
public record GpuMemory(double mib, String source) {

    public static final String NODE_LABEL = "nvidia.com/gpu.memory";

    public static GpuMemory resolve(PredictorSpec predictor, Collection<Node> nodes, double defaultMiB) {
        if (predictor.getGpuMemory() != null) {
            return new GpuMemory(PlannedSizing.mib(new Quantity(predictor.getGpuMemory())),
                    "spec.predictor.gpuMemory");
        }
        Map<String, String> selector = predictor.getNodeSelector() == null ? Map.of() : predictor.getNodeSelector();
        long[] matching = {0};
        OptionalDouble smallest = nodes.stream()
                .filter(node -> selects(selector, node))
                .map(node -> node.getMetadata().getLabels().get(NODE_LABEL))
                .filter(value -> value != null && value.matches("[0-9]+"))
                .peek(value -> matching[0]++)
                .mapToDouble(Double::parseDouble)
                .min();
        if (smallest.isPresent()) {
            return new GpuMemory(smallest.getAsDouble(), "node label " + NODE_LABEL + " (smallest of "
                    + matching[0] + " matching node" + (matching[0] == 1 ? "" : "s") + ")");
        }
        return new GpuMemory(defaultMiB, "operator default (kinfer.operator.default-gpu-memory); set "
                + "spec.predictor.gpuMemory or label the GPU nodes with " + NODE_LABEL);
    }

    private static boolean selects(Map<String, String> selector, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels != null && selector.entrySet().stream()
                .allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
