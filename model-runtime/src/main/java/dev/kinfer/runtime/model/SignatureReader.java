package dev.kinfer.runtime.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.runtime.config.RuntimeSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a model's signature: first {@code KINFER_MODEL_SIGNATURE}, then the sidecar file {@code
 * <model>.json} beside {@code <model>.pt}, else none. The format uses Open Inference Protocol names:
 *
 * <pre>{"inputs":  [{"name": "input", "datatype": "FP32", "shape": [-1, 16]}],
 *  "outputs": [{"name": "output", "datatype": "FP32", "shape": [-1, 4]}]}</pre>
 *
 * {@code outputs} may be left out (outputs are then named output0, output1, ...). A signature
 * that is present but wrong fails the start: serving with a half-understood signature would turn
 * its mistakes into confusing request errors.
 */
public final class SignatureReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignatureReader() {
    }

    public static Optional<Signature> find(Optional<String> configured, Path modelPath) {
        if (configured.isPresent()) {
            return Optional.of(parse(configured.get(), "KINFER_MODEL_SIGNATURE"));
        }
        Path sidecar = sidecarOf(modelPath);
        if (sidecar.equals(modelPath) || !Files.isRegularFile(sidecar)) {
            return Optional.empty();
        }
        try {
            return Optional.of(parse(Files.readString(sidecar), sidecar.toString()));
        } catch (IOException e) {
            throw new InvalidSignatureException("cannot read signature file " + sidecar + ": " + e.getMessage());
        }
    }

    /** {@code /models/mlp.pt} has its signature in {@code /models/mlp.json}. */
    public static Path sidecarOf(Path modelPath) {
        return modelPath.resolveSibling(RuntimeSettings.stem(modelPath) + ".json");
    }

    public static Signature parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSignatureException(source + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (root == null || !root.isObject()) {
            throw new InvalidSignatureException(source + " must be a JSON object with \"inputs\" and optionally \"outputs\"");
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new InvalidSignatureException(source + ": inputs is required and must be a non-empty array of"
                    + " {\"name\", \"datatype\", \"shape\"}");
        }
        JsonNode outputs = root.path("outputs");
        if (!outputs.isMissingNode() && !outputs.isArray()) {
            throw new InvalidSignatureException(source + ": outputs must be an array of {\"name\", \"datatype\", \"shape\"}");
        }
        return new Signature(specs(inputs, "inputs", source), specs(outputs, "outputs", source), source);
    }

    private static List<TensorSpec> specs(JsonNode array, String field, String source) {
        List<TensorSpec> specs = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            specs.add(spec(array.get(i), field + "[" + i + "]", source));
        }
        return List.copyOf(specs);
    }

    private static TensorSpec spec(JsonNode node, String where, String source) {
        String prefix = source + ": " + where;
        if (!node.path("name").isTextual() || node.get("name").asText().isBlank()) {
            throw new InvalidSignatureException(prefix + ".name is required and must be a non-empty string");
        }
        String datatype = node.path("datatype").asText("");
        Datatype type = Datatype.parse(datatype).orElseThrow(() -> new InvalidSignatureException(
                prefix + ".datatype '" + datatype + "' is not one of " + Datatype.names()));
        JsonNode shape = node.path("shape");
        if (!shape.isArray()) {
            throw new InvalidSignatureException(prefix + ".shape is required and must be an array of sizes, -1 for dynamic");
        }
        long[] dims = new long[shape.size()];
        for (int d = 0; d < dims.length; d++) {
            JsonNode dim = shape.get(d);
            if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.asLong() < -1 || dim.asLong() == 0) {
                throw new InvalidSignatureException(prefix + ".shape[" + d + "] is " + dim
                        + " but must be a positive size or -1 for a dynamic dimension");
            }
            dims[d] = dim.asLong();
        }
        return new TensorSpec(node.get("name").asText(), type, dims);
    }
}
