package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.Tensor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses a V2 infer body from a JSON tree, so every error can name its field ({@code
 * inputs[0].shape}) rather than surface a binding exception. Checks only what the request says
 * about itself; {@link SignatureCheck} compares it with the model.
 */
@ApplicationScoped
public class InferRequestParser {
    private final ObjectMapper json;

    public InferRequestParser(ObjectMapper json) {
        this.json = json;
    }

    public InferRequest parse(byte[] body) {
        JsonNode root = tree(body);
        if (!root.isObject()) {
            throw new InvalidRequestException("request body must be a JSON object with an \"inputs\" array, not "
                    + root.getNodeType().toString().toLowerCase());
        }
        Optional<String> id = Optional.empty();
        if (root.has("id") && !root.get("id").isNull()) {
            if (!root.get("id").isTextual()) {
                throw new InvalidRequestException("id must be a string, not " + root.get("id"));
            }
            id = Optional.of(root.get("id").asText());
        }
        JsonNode inputs = root.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw new InvalidRequestException("inputs is required and must be a non-empty array");
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = tensor(inputs.get(i), "inputs[" + i + "]");
            Integer first = seen.putIfAbsent(t.name(), i);
            if (first != null) {
                throw new InvalidRequestException("inputs[" + i + "].name '" + t.name() + "' repeats inputs[" + first + "].name");
            }
            tensors.add(t);
        }
        return new InferRequest(id, tensors, requestedOutputs(root.get("outputs")));
    }

    private JsonNode tree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("request body is empty; expected a JSON object with an \"inputs\" array");
        }
        try {
            return json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("request body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new InvalidRequestException("request body could not be read: " + e.getMessage());
        }
    }

    private static Tensor tensor(JsonNode node, String field) {
        if (!node.isObject()) {
            throw new InvalidRequestException(field + " must be an object with name, shape, datatype and data");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw new InvalidRequestException(field + ".name is required and must be a non-empty string");
        }
        long[] shape = shape(node.get("shape"), field + ".shape");
        JsonNode datatype = node.get("datatype");
        if (datatype == null || !datatype.isTextual()) {
            throw new InvalidRequestException(field + ".datatype is required and must be one of " + Datatype.names());
        }
        Datatype type = Datatype.parse(datatype.asText()).orElseThrow(() -> new InvalidRequestException(
                field + ".datatype '" + datatype.asText() + "' is not one of " + Datatype.names()));
        JsonNode data = node.get("data");
        if (data == null || !data.isArray()) {
            throw new InvalidRequestException(field + ".data is required and must be an array (flat or nested) of "
                    + Shapes.elements(shape) + " " + type + " values");
        }
        List<JsonNode> elements = ElementReader.flatten(data);
        long needed = Shapes.elements(shape);
        if (elements.size() != needed) {
            throw new InvalidRequestException(field + ".data has " + elements.size() + " elements but shape "
                    + Shapes.format(shape) + " needs " + needed);
        }
        return new Tensor(name.asText(), type, shape, ElementReader.read(elements, type, field + ".data"));
    }

    private static long[] shape(JsonNode node, String field) {
        if (node == null || !node.isArray()) {
            throw new InvalidRequestException(field + " is required and must be an array of non-negative integers");
        }
        long[] shape = new long[node.size()];
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = node.get(d);
            if (!dim.isIntegralNumber() || !dim.canConvertToInt() || dim.asInt() < 0) {
                throw new InvalidRequestException(field + "[" + d + "] is " + dim + " but must be a non-negative integer");
            }
            shape[d] = dim.asLong();
        }
        try {
            if (Shapes.elements(shape) > Integer.MAX_VALUE) {
                throw new ArithmeticException();
            }
        } catch (ArithmeticException e) {
            throw new InvalidRequestException(field + " " + Shapes.format(shape) + " has more elements than a request can carry");
        }
        return shape;
    }

    private static List<String> requestedOutputs(JsonNode outputs) {
        if (outputs == null || outputs.isNull()) {
            return List.of();
        }
        if (!outputs.isArray()) {
            throw new InvalidRequestException("outputs must be an array of {\"name\": ...}");
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode name = outputs.get(i).path("name");
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw new InvalidRequestException("outputs[" + i + "].name is required and must be a non-empty string");
            }
            names.add(name.asText());
        }
        return names;
    }
}
