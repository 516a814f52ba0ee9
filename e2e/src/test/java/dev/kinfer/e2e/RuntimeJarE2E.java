package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.e2e.runtime.RuntimeProcess;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built runtime jar, started as a pod starts it, serves real models over real HTTP: the project's demo model
 * (what the quickstart runs) and, where ../shared is present, the reference models against their PyTorch goldens.
 */
class RuntimeJarE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("kinfer.root", "..")).toAbsolutePath().normalize();
    private static final Path SHARED_MODELS = ROOT.resolve("../shared/models").normalize();

    @Test
    void servesTheQuickstartDemoRequestWithThePyTorchAnswer() throws Exception {
        Path models = ROOT.resolve("examples/models");
        try (RuntimeProcess runtime = startReady(models.resolve("demo.pt"), "demo")) {
            HttpResponse<String> response = runtime.infer(Files.readString(models.resolve("demo-request.json")));

            assertEquals(200, response.statusCode(), response.body());
            JsonNode got = JSON.readTree(response.body());
            JsonNode want = JSON.readTree(models.resolve("demo-response.json").toFile());
            assertEquals(want.get("id"), got.get("id"));
            JsonNode wantOutput = want.get("outputs").get(0);
            JsonNode gotOutput = got.get("outputs").get(0);
            assertEquals(wantOutput.get("name"), gotOutput.get("name"));
            assertEquals(wantOutput.get("shape"), gotOutput.get("shape"));
            double[] wantData = JSON.treeToValue(wantOutput.get("data"), double[].class);
            assertThat(Golden.mismatches(wantData, gotOutput.get("data"))).isEmpty();
        }
    }

    @Test
    void servesTheReferenceMlpWithinToleranceOfPyTorch() throws Exception {
        assumeTrue(Files.isDirectory(SHARED_MODELS), "../shared/models is not beside the project");
        try (RuntimeProcess runtime = startReady(SHARED_MODELS.resolve("mlp.pt"), "mlp")) {
            double[] input = Golden.readFloat32(SHARED_MODELS.resolve("golden/mlp.input1.bin"));
            ObjectNode body = request("input", "FP32", new long[] {8, 16}, JSON.valueToTree(input));

            assertOutputMatches(runtime, body, SHARED_MODELS.resolve("golden/mlp.output1.bin"), new long[] {8, 4});
        }
    }

    @Test
    void servesTheReferenceTextModelOnInt64TokenIds() throws Exception {
        assumeTrue(Files.isDirectory(SHARED_MODELS), "../shared/models is not beside the project");
        try (RuntimeProcess runtime = startReady(SHARED_MODELS.resolve("text.pt"), "text")) {
            long[] tokens = Golden.readInt64(SHARED_MODELS.resolve("golden/text.input1.bin"));
            ObjectNode body = request("input_ids", "INT64", new long[] {4, 16}, JSON.valueToTree(tokens));

            assertOutputMatches(runtime, body, SHARED_MODELS.resolve("golden/text.output1.bin"), new long[] {4, 2});
        }
    }

    private static RuntimeProcess startReady(Path model, String name) throws IOException {
        RuntimeProcess runtime = RuntimeProcess.start(ROOT, model, name, Map.of());
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                    .until(() -> runtime.isReady() || !runtime.isAlive());
            assertThat(runtime.isAlive()).as("runtime exited:\n%s", runtime.logTail(40)).isTrue();
            return runtime;
        } catch (RuntimeException | AssertionError e) {
            runtime.close();
            throw e;
        }
    }

    private static ObjectNode request(String name, String datatype, long[] shape, JsonNode data) {
        ObjectNode input = JSON.createObjectNode().put("name", name).put("datatype", datatype);
        ArrayNode shapeNode = input.putArray("shape");
        Arrays.stream(shape).forEach(shapeNode::add);
        input.set("data", data);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("inputs").add(input);
        return body;
    }

    private static void assertOutputMatches(RuntimeProcess runtime, ObjectNode body, Path goldenOutput, long[] shape)
            throws Exception {
        HttpResponse<String> response = runtime.infer(JSON.writeValueAsString(body));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode output = JSON.readTree(response.body()).get("outputs").get(0);
        assertArrayEquals(shape, JSON.treeToValue(output.get("shape"), long[].class));
        assertThat(Golden.mismatches(Golden.readFloat32(goldenOutput), output.get("data"))).isEmpty();
    }
}
