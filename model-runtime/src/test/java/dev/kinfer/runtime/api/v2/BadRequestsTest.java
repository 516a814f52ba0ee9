package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.Http;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * 1,200 requests, two thirds of them malformed in 22 different ways, interleaved with good ones and
 * sent 16 at a time: every bad one gets its 4xx JSON error naming the problem, every good one the
 * golden answer, the workers all survive, and /metrics counts every answer.
 */
@QuarkusTest
@TestProfile(ServeModel.Serving.class)
class BadRequestsTest {
    private static final int REQUESTS = 1200;

    record Kind(String name, String path, byte[] body, Map<String, String> headers, int status, String error) {
        static Kind json(String name, String body, int status, String error) {
            return new Kind(name, "/v2/models/mlp/infer", body.getBytes(StandardCharsets.UTF_8),
                    Map.of("Content-Type", "application/json"), status, error);
        }
    }

    private static String input(String name, String datatype, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape
                + ",\"data\":" + data + "}]}";
    }

    private static List<Kind> kinds(String goodData) {
        String header = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,16],"
                + "\"parameters\":{\"binary_data_size\":64}}]}";
        Map<String, String> binary = Map.of("Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(header.length()));
        Map<String, String> tooLong = Map.of("Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", "999999");
        String huge = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":["
                + "0.5,".repeat(ServeModel.Serving.MAX_REQUEST_BYTES / 4) + "0]}]}";
        return List.of(
                Kind.json("malformed JSON", "{\"inputs\": [", 400, "request body is not valid JSON"),
                Kind.json("missing inputs", "{\"id\":\"x\"}", 400, "inputs is required and must be a non-empty array"),
                Kind.json("inputs not an array", "{\"inputs\":5}", 400, "inputs is required and must be a non-empty array"),
                Kind.json("wrong input name", input("pixels", "FP32", "[1,16]", goodData), 400,
                        "inputs[0].name 'pixels' is not an input of model 'mlp'"),
                Kind.json("wrong datatype", input("input", "INT64", "[1,16]", "[" + "1,".repeat(15) + "1]"), 400,
                        "inputs[0].datatype 'INT64' does not match the model's input 'input' (FP32)"),
                Kind.json("unknown datatype", input("input", "FP99", "[1,16]", goodData), 400,
                        "inputs[0].datatype 'FP99' is not one of"),
                Kind.json("data length not the shape product", input("input", "FP32", "[1,16]", "[1,2,3]"), 400,
                        "inputs[0].data has 3 elements but shape [1,16] needs 16"),
                Kind.json("negative shape", input("input", "FP32", "[-1,16]", goodData), 400,
                        "inputs[0].shape[0] is -1 but must be a non-negative integer"),
                Kind.json("huge shape", input("input", "FP32", "[1000000000,1000000000]", "[1]"), 400,
                        "more elements than a request can carry"),
                Kind.json("shape the model does not take", input("input", "FP32", "[2,8]", goodData), 400,
                        "inputs[0].shape [2,8] does not match the model's input [-1,16]"),
                Kind.json("NaN literal", input("input", "FP32", "[1,16]", "[NaN" + ",1".repeat(15) + "]"), 400,
                        "request body is not valid JSON"),
                Kind.json("Infinity as a string", input("input", "FP32", "[1,16]", "[\"Infinity\"" + ",1".repeat(15) + "]"),
                        400, "inputs[0].data[0] is \"Infinity\" but FP32 needs a number"),
                Kind.json("id not a string", "{\"id\":7,\"inputs\":[]}", 400, "id must be a string"),
                Kind.json("duplicate input", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,16],"
                        + "\"data\":" + goodData + "},{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,16],"
                        + "\"data\":" + goodData + "}]}", 400, "inputs[1].name 'input' repeats inputs[0].name"),
                Kind.json("bad timeout", "{\"parameters\":{\"timeout\":-5},"
                        + input("input", "FP32", "[1,16]", goodData).substring(1), 400, "parameters.timeout is -5"),
                Kind.json("unknown output", "{\"outputs\":[{\"name\":\"logits\"}],"
                        + input("input", "FP32", "[1,16]", goodData).substring(1), 400,
                        "outputs[0].name 'logits' is not an output of model 'mlp'"),
                new Kind("truncated binary payload", "/v2/models/mlp/infer", Http.binaryBody(header, new float[10]), binary,
                        400, "inputs[0] needs 64 bytes of binary data but only 40 are left"),
                new Kind("binary header longer than the body", "/v2/models/mlp/infer", Http.binaryBody(header, new float[16]),
                        tooLong, 400, "Inference-Header-Content-Length is 999999 but the body has only"),
                new Kind("wrong Content-Type", "/v2/models/mlp/infer", input("input", "FP32", "[1,16]", goodData)
                        .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "text/plain"), 415,
                        "Content-Type 'text/plain' is not accepted here; expected application/json"),
                new Kind("unknown model", "/v2/models/resnet/infer", input("input", "FP32", "[1,16]", goodData)
                        .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"), 404,
                        "model 'resnet' is not served here; this server serves 'mlp'"),
                Kind.json("empty body", "", 400, "request body is empty"),
                Kind.json("oversized body", huge, 413, "request body is larger than the limit of 65536 bytes"));
    }

    @Test
    void answersEveryBadRequestWithItsErrorAndEveryGoodOneWithTheGoldenAnswer() throws Exception {
        Fixtures.Case good = Fixtures.cases("mlp").get(0);
        String goodBody = Fixtures.inferBody("input", good.input());
        String goodData = Fixtures.parse(goodBody).at("/inputs/0/data").toString();
        List<Kind> kinds = kinds(goodData);
        assertThat(kinds).hasSizeGreaterThanOrEqualTo(15);
        Map<String, Double> before = counts();

        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Void>> checks = new ArrayList<>();
        List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
        int bad = 0;
        for (int i = 0; i < REQUESTS; i++) {
            inFlight.acquire();
            Kind kind = i % 3 == 2 ? null : kinds.get(bad++ % kinds.size());
            CompletableFuture<HttpResponse<byte[]>> sent = kind == null
                    ? Http.post("/v2/models/mlp/infer", goodBody.getBytes(StandardCharsets.UTF_8),
                            Map.of("Content-Type", "application/json"))
                    : Http.post(kind.path(), kind.body(), kind.headers());
            checks.add(sent.handle((response, error) -> {
                inFlight.release();
                try {
                    check(kind, good, response, error);
                } catch (AssertionError | RuntimeException e) {
                    problems.add((kind == null ? "good request" : kind.name()) + ": " + e.getMessage());
                }
                return null;
            }));
        }
        CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new)).join();

        assertThat(problems).isEmpty();
        assertThat(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("kinfer-worker-") && t.isAlive())).hasSize(2);
        Map<String, Double> after = counts();
        assertThat(delta(before, after, "200")).isEqualTo(REQUESTS / 3);
        assertThat(delta(before, after, "400") + delta(before, after, "404") + delta(before, after, "413")
                + delta(before, after, "415")).isEqualTo(REQUESTS - REQUESTS / 3);
    }

    private static void check(Kind kind, Fixtures.Case good, HttpResponse<byte[]> response, Throwable error) {
        assertThat(error).isNull();
        String text = Http.text(response);
        if (kind == null) {
            assertThat(response.statusCode()).as(text).isEqualTo(200);
            GoldenAssert.assertMatches(good.outputs().get(0), Fixtures.parse(text).at("/outputs/0"));
            return;
        }
        assertThat(response.statusCode()).as(text).isEqualTo(kind.status());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        JsonNode body = Fixtures.parse(text);
        assertThat(body.path("error").asText()).contains(kind.error());
    }

    private static final Pattern COUNT = Pattern.compile(
            "kinfer_requests_seconds_count\\{endpoint=\"v2_infer\",status=\"(\\d+)\",?} ([0-9.eE+]+)");

    static Map<String, Double> counts() {
        Map<String, Double> counts = new java.util.HashMap<>();
        Matcher m = COUNT.matcher(Http.get("/metrics").body());
        while (m.find()) {
            counts.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return counts;
    }

    private static long delta(Map<String, Double> before, Map<String, Double> after, String status) {
        return Math.round(after.getOrDefault(status, 0.0) - before.getOrDefault(status, 0.0));
    }
}
