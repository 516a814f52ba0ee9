package dev.kinfer.runtime.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The project's test fixtures (src/test/fixtures, made by make_fixtures.py): models, golden
 * tensors, and V2 request bodies built from them. Also reads ../shared/models' manifest, whose
 * cases have one {@code output} instead of a list of {@code outputs}.
 */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    public static Path dir() {
        return Path.of(System.getProperty("fixtures.dir", "src/test/fixtures")).toAbsolutePath();
    }

    public static Path model(String name) {
        return dir().resolve(name + ".pt");
    }

    /** A raw little-endian golden tensor with its manifest metadata. */
    public record Golden(String dtype, long[] shape, double[] values) {
        public String datatype() {
            return switch (dtype) {
                case "float32" -> "FP32";
                case "float64" -> "FP64";
                case "int64" -> "INT64";
                case "int32" -> "INT32";
                default -> throw new IllegalArgumentException(dtype);
            };
        }
    }

    public record Case(Golden input, List<Golden> outputs) {
    }

    public static List<Case> cases(String model) {
        return cases(dir(), model);
    }

    public static List<Case> cases(Path folder, String model) {
        JsonNode manifest = read(folder.resolve("manifest.json"));
        List<Case> cases = new ArrayList<>();
        for (JsonNode c : manifest.path("models").path(model).path("golden")) {
            List<Golden> outputs = new ArrayList<>();
            if (c.has("outputs")) {
                c.get("outputs").forEach(o -> outputs.add(golden(folder, o)));
            } else {
                outputs.add(golden(folder, c.get("output")));
            }
            cases.add(new Case(golden(folder, c.get("input")), outputs));
        }
        if (cases.isEmpty()) {
            throw new IllegalArgumentException("no golden cases for " + model + " in " + folder);
        }
        return cases;
    }

    /** A V2 infer body whose single input carries {@code golden} flat. */
    public static String inferBody(String inputName, Golden golden) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ObjectNode input = body.putArray("inputs").addObject();
        input.put("name", inputName);
        input.put("datatype", golden.datatype());
        ArrayNode shape = input.putArray("shape");
        for (long d : golden.shape()) {
            shape.add(d);
        }
        ArrayNode data = input.putArray("data");
        boolean integral = golden.dtype().startsWith("int");
        for (double v : golden.values()) {
            if (integral) {
                data.add((long) v);
            } else {
                data.add((float) v);
            }
        }
        return body.toString();
    }

    public static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Golden golden(Path folder, JsonNode node) {
        String dtype = node.get("dtype").asText();
        long[] shape = new long[node.get("shape").size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = node.get("shape").get(i).asLong();
        }
        ByteBuffer bytes;
        try {
            bytes = ByteBuffer.wrap(Files.readAllBytes(folder.resolve(node.get("file").asText())))
                    .order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Double> values = new ArrayList<>();
        while (bytes.hasRemaining()) {
            values.add(switch (dtype) {
                case "float32" -> (double) bytes.getFloat();
                case "float64" -> bytes.getDouble();
                case "int64" -> (double) bytes.getLong();
                case "int32" -> (double) bytes.getInt();
                default -> throw new IllegalArgumentException("unsupported golden dtype " + dtype);
            });
        }
        return new Golden(dtype, shape, values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static JsonNode read(Path path) {
        try {
            return JSON.readTree(path.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
