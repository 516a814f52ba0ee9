package dev.kinfer.operator.desired;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuMemoryTest {

    private static final double DEFAULT_MIB = 16 * 1024;
    private final PredictorSpec predictor = Fixtures.predictor(Fixtures.resnet());
    private final List<Node> nodes = List.of(
            node("h100-a", "81559", "NVIDIA-H100-80GB-HBM3"),
            node("h100-b", "81559", "NVIDIA-H100-80GB-HBM3"),
            node("l4-a", "23034", "NVIDIA-L4"));

    @Test
    void theSpecWins() {
        predictor.setGpuMemory("40Gi");
        assertEquals(new GpuMemory(40 * 1024, "spec.predictor.gpuMemory"),
                GpuMemory.resolve(predictor, nodes, DEFAULT_MIB));
    }

    @Test
    void elseTheSmallestLabelOfTheNodesThePodsMayLandOn() {
        GpuMemory memory = GpuMemory.resolve(predictor, nodes, DEFAULT_MIB);
        assertEquals(23034, memory.mib());
        assertEquals("node label nvidia.com/gpu.memory (smallest of 3 matching nodes)", memory.source());
    }

    @Test
    void theNodeSelectorNarrowsTheNodes() {
        predictor.setNodeSelector(Map.of("nvidia.com/gpu.product", "NVIDIA-H100-80GB-HBM3"));
        GpuMemory memory = GpuMemory.resolve(predictor, nodes, DEFAULT_MIB);
        assertEquals(81559, memory.mib());
        assertEquals("node label nvidia.com/gpu.memory (smallest of 2 matching nodes)", memory.source());
    }

    @Test
    void elseTheOperatorDefaultAndHowToDoBetter() {
        predictor.setNodeSelector(Map.of("nvidia.com/gpu.product", "NVIDIA-B200"));
        GpuMemory memory = GpuMemory.resolve(predictor, nodes, DEFAULT_MIB);
        assertEquals(DEFAULT_MIB, memory.mib());
        assertTrue(memory.source().startsWith("operator default"), memory.source());
    }

    private static Node node(String name, String memoryMiB, String product) {
        return new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels(GpuMemory.NODE_LABEL, memoryMiB).addToLabels("nvidia.com/gpu.product", product)
                .endMetadata().build();
    }
}
