package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.Http;
import io.quarkus.test.junit.QuarkusTest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The V2 binary tensor data extension, for requests and responses. */
@QuarkusTest
class BinaryTensorTest {

    private static float[] floats(Fixtures.Golden g) {
        float[] out = new float[g.values().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) g.values()[i];
        }
        return out;
    }

    private static String header(Fixtures.Golden g, String parameters) {
        return "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":" + Arrays.toString(g.shape())
                + ",\"parameters\":{\"binary_data_size\":" + g.values().length * 4 + "}}]" + parameters + "}";
    }

    private static HttpResponse<byte[]> post(String json, float[] values, int headerLength) {
        byte[] body = Http.binaryBody(json, values);
        return Http.post("/v2/models/mlp/infer", body, Map.of("Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(headerLength))).join();
    }

    @Test
    void readsBinaryInputsAndAnswersWithJsonByDefault() {
        Fixtures.Case c = Fixtures.cases("mlp").get(1);
        String json = header(c.input(), "");
        HttpResponse<byte[]> response = post(json, floats(c.input()), json.length());

        assertEquals(200, response.statusCode(), Http.text(response));
        GoldenAssert.assertMatches(c.outputs().get(0), Fixtures.parse(Http.text(response)).at("/outputs/0"));
    }

    @Test
    void answersWithBinaryOutputsWhenAsked() {
        Fixtures.Case c = Fixtures.cases("mlp").get(1);
        String json = header(c.input(), ",\"parameters\":{\"binary_data_output\":true}");
        HttpResponse<byte[]> response = post(json, floats(c.input()), json.length());

        assertEquals(200, response.statusCode());
        int jsonLength = Integer.parseInt(response.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode head = Fixtures.parse(new String(response.body(), 0, jsonLength));
        JsonNode output = head.at("/outputs/0");
        int size = output.at("/parameters/binary_data_size").asInt();
        assertEquals(response.body().length - jsonLength, size);
        assertThat(output.has("data")).isFalse();
        ByteBuffer data = ByteBuffer.wrap(response.body(), jsonLength, size).order(ByteOrder.LITTLE_ENDIAN);
        double[] want = c.outputs().get(0).values();
        for (double w : want) {
            assertThat((double) data.getFloat()).isCloseTo(w, org.assertj.core.data.Offset.offset(1e-5 + 1e-4 * Math.abs(w)));
        }
    }

    @Test
    void aBodyLargerThanTheInlineParseLimitWithASmallJsonPartIsAnsweredInFull() {
        // 5,000 samples x 16 floats: 320,000 bytes of tensor behind a JSON part of under 200 bytes, parsed on the
        // event loop (InferRoutes.textBytes); the golden batch repeated, each copy gets the golden answer
        Fixtures.Case c = Fixtures.cases("mlp").get(1);
        float[] block = floats(c.input());
        int width = (int) c.input().shape()[1];
        int rows = 5000;
        assertEquals(0, rows % (block.length / width), "whole copies of the golden batch");
        float[] values = new float[rows * width];
        for (int at = 0; at < values.length; at += block.length) {
            System.arraycopy(block, 0, values, at, block.length);
        }
        String json = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[" + rows + ","
                + width + "],\"parameters\":{\"binary_data_size\":" + values.length * 4 + "}}]}";
        HttpResponse<byte[]> response = post(json, values, json.length());

        assertEquals(200, response.statusCode(), Http.text(response));
        JsonNode output = Fixtures.parse(Http.text(response)).at("/outputs/0");
        assertEquals(rows, output.at("/shape/0").asInt());
        double[] want = c.outputs().get(0).values();
        JsonNode data = output.get("data");
        assertEquals(values.length / block.length * want.length, data.size());
        for (int i = 0; i < data.size(); i++) {
            double w = want[i % want.length];
            assertThat(data.get(i).asDouble()).isCloseTo(w, org.assertj.core.data.Offset.offset(1e-5 + 1e-4 * Math.abs(w)));
        }
    }

    @Test
    void rejectsATruncatedBinaryPayload() {
        Fixtures.Case c = Fixtures.cases("mlp").get(0);
        String json = header(c.input(), "");
        float[] short_ = Arrays.copyOf(floats(c.input()), 10);
        HttpResponse<byte[]> response = post(json, short_, json.length());

        assertEquals(400, response.statusCode());
        assertThat(Http.text(response)).contains("inputs[0] needs 64 bytes of binary data but only 40 are left");
    }

    @Test
    void rejectsAHeaderLengthLargerThanTheBody() {
        Fixtures.Case c = Fixtures.cases("mlp").get(0);
        String json = header(c.input(), "");
        HttpResponse<byte[]> response = post(json, floats(c.input()), 100_000);

        assertEquals(400, response.statusCode());
        assertThat(Http.text(response)).contains("Inference-Header-Content-Length is 100000 but the body has only");
    }
}
