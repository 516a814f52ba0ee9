package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.operator.desired.RuntimeContainer;
import dev.kinfer.operator.validation.SpecValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in examples/ is a valid InferenceService that a user can apply as it is. */
class ExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static CrdSchema schema;

    @BeforeAll
    static void readTheCrd() throws IOException {
        schema = CrdSchema.of(Repo.CRD, "v1alpha1");
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(Repo.EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void meetsTheCrdSchema(Path example) throws IOException {
        assertEquals(List.of(), schema.validate(tree(example)), example.getFileName().toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void parsesIntoAnInferenceServiceThatTheOperatorAccepts(Path example) throws IOException {
        InferenceService isvc = load(example);
        assertEquals("serving.kinfer.dev/v1alpha1", isvc.getApiVersion());
        assertNotNull(isvc.getMetadata().getName());
        assertNull(isvc.getMetadata().getNamespace(), "examples leave the namespace to kubectl -n");
        // The operator's validator also covers what the CRD's CEL rules say (minReplicas <= maxReplicas).
        assertEquals(List.of(), SpecValidator.validate(isvc), example.getFileName().toString());
    }

    @Test
    void theCpuExamplePinsWorkersWithoutAGpu() throws IOException {
        PredictorSpec predictor = load(Repo.EXAMPLES.resolve("demo-cpu.yaml")).getSpec().getPredictor();
        assertEquals(2, predictor.getWorkers());
        assertTrue(!RuntimeContainer.hasGpu(predictor.getResources()));
    }

    @Test
    void theDeclaredProfileExampleHasAGpuAnSlaAndAProfileOfTheSameModel() throws IOException {
        InferenceService isvc = load(Repo.EXAMPLES.resolve("resnet-gpu-sla-declared-profile.yaml"));
        assertTrue(RuntimeContainer.hasGpu(isvc.getSpec().getPredictor().getResources()));
        assertNotNull(isvc.getSpec().getSla().getP99LatencyMillis());
        assertEquals(isvc.getSpec().getPredictor().getModel().getStorageUri(), isvc.getSpec().getProfile().getModelUri());
        assertTrue(isvc.getSpec().getProfile().getPoints().size() >= 4);
    }

    @Test
    void theProfilerExampleHasAGpuAnSlaAndNothingElseDecided() throws IOException {
        InferenceService isvc = load(Repo.EXAMPLES.resolve("resnet-gpu-sla-profiled.yaml"));
        PredictorSpec predictor = isvc.getSpec().getPredictor();
        assertTrue(RuntimeContainer.hasGpu(predictor.getResources()));
        assertNotNull(isvc.getSpec().getSla());
        assertNull(isvc.getSpec().getProfile());
        assertNull(predictor.getWorkers());
        assertNull(predictor.getBatching());
    }

    @Test
    void theSchemaCheckCatchesWrongTypesUnknownFieldsRangesAndPatterns() throws IOException {
        ObjectNode bad = (ObjectNode) tree(Repo.EXAMPLES.resolve("demo-cpu.yaml"));
        ObjectNode predictor = (ObjectNode) bad.get("spec").get("predictor");
        predictor.put("workers", 0);
        predictor.put("minReplicas", "one");
        predictor.put("replicas", 3);
        ((ObjectNode) predictor.get("model")).put("storageUri", "models/demo.pt");
        ((ObjectNode) predictor.get("model")).remove("modelFormat");
        ((ObjectNode) bad.get("spec")).putObject("sla").put("p99LatencyMillis", 0);
        List<String> problems = schema.validate(bad);
        assertTrue(problems.contains("spec.predictor.workers 0.0 is below the minimum 1.0"), problems.toString());
        assertTrue(problems.contains("spec.predictor.minReplicas must be an integer, got \"one\""), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("spec.predictor.replicas is not a field")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("spec.predictor.model.storageUri 'models/demo.pt' does not match")), problems.toString());
        assertTrue(problems.contains("spec.predictor.model.modelFormat is required"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.startsWith("spec.sla.p99LatencyMillis 0.0 is below the minimum 0.0 (exclusive)")), problems.toString());
    }

    private static JsonNode tree(Path example) throws IOException {
        return JSON.valueToTree(Serialization.unmarshal(Files.readString(example), java.util.Map.class));
    }

    private static InferenceService load(Path example) throws IOException {
        return Serialization.unmarshal(Files.readString(example), InferenceService.class);
    }
}
