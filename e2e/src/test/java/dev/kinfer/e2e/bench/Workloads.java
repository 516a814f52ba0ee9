package dev.kinfer.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.e2e.load.Target;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** A reference model of ../shared/models with its first golden input, as request bodies and as floats. */
record Workloads(String name, Path model, String inputName, String outputName, long[] shape, float[] sample,
                 String signature) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Workloads load(Path models, String name) throws IOException {
        JsonNode entry = JSON.readTree(models.resolve("manifest.json").toFile()).path("models").path(name);
        JsonNode golden = entry.path("golden").get(0).path("input");
        long[] shape = new long[golden.path("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = golden.path("shape").get(i).asLong();
        }
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(models.resolve(golden.path("file").asText())))
                .order(ByteOrder.LITTLE_ENDIAN);
        float[] sample = new float[bytes.remaining() / 4];
        for (int i = 0; i < sample.length; i++) {
            sample[i] = bytes.getFloat();
        }
        JsonNode in = entry.path("inputs").get(0);
        JsonNode out = entry.path("outputs").get(0);
        String signature = "{\"inputs\":[{\"name\":\"" + in.path("name").asText() + "\",\"datatype\":\"FP32\",\"shape\":"
                + in.path("shape") + "}],\"outputs\":[{\"name\":\"" + out.path("name").asText()
                + "\",\"datatype\":\"FP32\",\"shape\":" + out.path("shape") + "}]}";
        return new Workloads(name, models.resolve(entry.path("file").asText()), in.path("name").asText(),
                out.path("name").asText(), shape, sample, signature);
    }

    private String head(String data, String rest) {
        return "{\"inputs\":[{\"name\":\"" + inputName + "\",\"shape\":" + Arrays.toString(shape).replace(" ", "")
                + ",\"datatype\":\"FP32\"," + data + "}]" + rest + "}";
    }

    /** V2 JSON, the body the seed benchmark sends (flat data). */
    Target json(URI uri) {
        String data = "\"data\":[" + floats() + "]";
        return new Target(uri, head(data, "").getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json"),
                (int) shape[0]);
    }

    /**
     * V2 with the binary tensor data extension both ways: the JSON header, then the raw little-endian floats; the
     * output asked for as binary data too, as a binary client (Triton's, by default) asks for it.
     */
    Target binary(URI uri) {
        byte[] header = head("\"parameters\":{\"binary_data_size\":" + sample.length * 4 + "}",
                ",\"outputs\":[{\"name\":\"" + outputName + "\",\"parameters\":{\"binary_data\":true}}]")
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer body = ByteBuffer.allocate(header.length + sample.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        body.put(header);
        for (float v : sample) {
            body.putFloat(v);
        }
        return new Target(uri, body.array(), Map.of("Content-Type", "application/octet-stream",
                "Inference-Header-Content-Length", Integer.toString(header.length)), (int) shape[0]);
    }

    private String floats() {
        StringBuilder out = new StringBuilder(sample.length * 12);
        for (int i = 0; i < sample.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(sample[i]);
        }
        return out.toString();
    }

    static String describe(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining("x"));
    }
}
