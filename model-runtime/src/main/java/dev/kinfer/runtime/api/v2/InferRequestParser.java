package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.Tensor;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Parses a V2 infer body from a JSON tree, so every error can name its field ({@code
 * inputs[0].shape}) rather than surface a binding exception. Checks only what the request says
 * about itself; {@link SignatureCheck} compares it with the model. With the binary tensor data
 * extension the JSON is the body's first {@code Inference-Header-Content-Length} bytes and inputs
 * with {@code parameters.binary_data_size} take their bytes, in order, from the rest. Plain bodies are
 * read by {@link FastV2Json}, which builds what Jackson's streaming path below builds; Jackson reads
 * whatever it declines, so results and error messages are Jackson's either way.
 */
@ApplicationScoped
public class InferRequestParser {
    /** The longest deadline a request may ask for: one day. */
    static final long MAX_TIMEOUT_MILLIS = 86_400_000L;
    private final ObjectMapper json;
    /** Null when the mapper builds trees in a way the fast path does not copy: then Jackson reads every body. */
    private final FastV2Json fast;

    public InferRequestParser(ObjectMapper json) {
        // Images arrive as 150,000 decimal numbers; the JDK's double parser is a third of the request's CPU.
        this.json = json.copy().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER.mappedFeature());
        this.fast = FastV2Json.forMapper(this.json);
    }

    /** A plain JSON body. */
    public InferRequest parse(byte[] body) {
        return parse(body, body == null ? 0 : body.length, null);
    }

    /** A body of {@code jsonLength} bytes of JSON followed by {@code binary} (null when there is none). */
    public InferRequest parse(byte[] body, int jsonLength, ByteBuffer binary) {
        Parsed parsed = readFast(body, jsonLength);
        return request(parsed != null ? parsed : readWithJackson(body, jsonLength), binary);
    }

    /** What {@link #parse} gives without the fast path, which must give the same. */
    InferRequest parseWithJackson(byte[] body, int jsonLength, ByteBuffer binary) {
        return request(readWithJackson(body, jsonLength), binary);
    }

    /** The body read by {@link FastV2Json}, or null when it declines (or this mapper has no fast path). */
    Parsed readFast(byte[] body, int length) {
        return fast == null ? null : fast.read(body, length);
    }

    private InferRequest request(Parsed parsed, ByteBuffer binary) {
        ObjectNode root = parsed.root();
        Optional<String> id = Optional.empty();
        if (root.has("id") && !root.get("id").isNull()) {
            if (!root.get("id").isTextual()) {
                throw new InvalidRequestException("id must be a string, not " + root.get("id"));
            }
            id = Optional.of(root.get("id").asText());
        }
        JsonNode parameters = parameters(root, "parameters");
        List<RawInput> inputs = parsed.inputs();
        if (inputs == null || inputs.isEmpty()) {
            throw new InvalidRequestException("inputs is required and must be a non-empty array");
        }
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        Map<String, Integer> seen = new HashMap<>();
        BinarySection section = new BinarySection(binary);
        for (int i = 0; i < inputs.size(); i++) {
            Tensor t = tensor(inputs.get(i), "inputs[" + i + "]", section);
            Integer first = seen.putIfAbsent(t.name(), i);
            if (first != null) {
                throw new InvalidRequestException("inputs[" + i + "].name '" + t.name() + "' repeats inputs[" + first + "].name");
            }
            tensors.add(t);
        }
        section.requireConsumed();
        List<String> names = new ArrayList<>();
        Set<String> binaryOutputs = new HashSet<>();
        requestedOutputs(root.get("outputs"), names, binaryOutputs);
        return new InferRequest(id, tensors, names, binaryOutputs,
                flag(parameters, "binary_data_output", "parameters"), timeout(parameters));
    }

    /** One entry of {@code inputs}: its small fields as a tree, its {@code data} streamed (null when absent). */
    record RawInput(JsonNode fields, JsonTensorData data, JsonNode nonArrayData) {
    }

    /** The body with {@code inputs} taken apart; {@code inputs} is null when it is missing or not an array. */
    record Parsed(ObjectNode root, List<RawInput> inputs) {
    }

    Parsed readWithJackson(byte[] body, int length) {
        if (body == null || length == 0) {
            throw new InvalidRequestException("request body is empty; expected a JSON object with an \"inputs\" array");
        }
        try (JsonParser parser = json.getFactory().createParser(body, 0, length)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new InvalidRequestException("request body has no JSON value; expected a JSON object with an \"inputs\" array");
            }
            if (token != JsonToken.START_OBJECT) {
                JsonNode value = parser.readValueAsTree();
                throw new InvalidRequestException("request body must be a JSON object with an \"inputs\" array, not "
                        + value.getNodeType().toString().toLowerCase());
            }
            ObjectNode root = json.createObjectNode();
            List<RawInput> inputs = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("inputs") && value == JsonToken.START_ARRAY) {
                    inputs = readInputs(parser, length / 2 + 1);
                } else {
                    JsonNode node = parser.readValueAsTree();
                    root.set(field, node);
                    if (field.equals("inputs")) {
                        inputs = null;
                    }
                }
            }
            return new Parsed(root, inputs);
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("request body is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        } catch (IOException e) {
            throw new InvalidRequestException("request body could not be read: " + e.getMessage());
        }
    }

    /** The shape's element count when it is a plain list of sizes, at most {@code max}; else 0 (unknown). */
    static int expectedElements(JsonNode shape, int max) {
        if (shape == null || !shape.isArray()) {
            return 0;
        }
        long elements = 1;
        for (JsonNode dim : shape) {
            if (!dim.canConvertToLong() || !dim.isIntegralNumber() || dim.asLong() < 0) {
                return 0;
            }
            elements = Math.min((long) max, elements * Math.min((long) max, dim.asLong()));
        }
        return (int) elements;
    }

    /** {@code maxElements}: how many numbers the JSON could hold at most (each takes at least two bytes). */
    private List<RawInput> readInputs(JsonParser parser, int maxElements) throws IOException {
        List<RawInput> inputs = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.START_OBJECT) {
                inputs.add(new RawInput(parser.readValueAsTree(), null, null));
                continue;
            }
            ObjectNode fields = json.createObjectNode();
            JsonTensorData data = null;
            JsonNode nonArrayData = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("data") && value == JsonToken.START_ARRAY) {
                    data = JsonTensorData.read(parser, expectedElements(fields.get("shape"), maxElements));
                    nonArrayData = null;
                } else if (field.equals("data")) {
                    nonArrayData = parser.readValueAsTree();
                    data = null;
                } else {
                    fields.set(field, parser.readValueAsTree());
                }
            }
            inputs.add(new RawInput(fields, data, nonArrayData));
        }
        return inputs;
    }

    private static Tensor tensor(RawInput input, String field, BinarySection binary) {
        JsonNode node = input.fields();
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
        long needed = Shapes.elements(shape);
        JsonNode parameters = parameters(node, field + ".parameters");
        JsonNode size = parameters.get("binary_data_size");
        boolean hasData = input.data() != null || input.nonArrayData() != null;
        if (size != null) {
            if (hasData) {
                throw new InvalidRequestException(field + " has both data and parameters.binary_data_size; send one of them");
            }
            ByteBuffer bytes = binary.take(size, needed * type.bytes(), type, shape, field);
            return new Tensor(name.asText(), type, shape, bytes);
        }
        JsonTensorData data = input.data();
        if (data == null) {
            throw new InvalidRequestException(field + ".data is required and must be an array (flat or nested) of "
                    + needed + " " + type + " values (or use parameters.binary_data_size with binary data)");
        }
        if (data.size() != needed) {
            throw new InvalidRequestException(field + ".data has " + data.size() + " elements but shape "
                    + Shapes.format(shape) + " needs " + needed);
        }
        return new Tensor(name.asText(), type, shape, data.toBuffer(type, field + ".data"));
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
            if (Shapes.elements(shape) > Integer.MAX_VALUE / 8) {
                throw new ArithmeticException();
            }
        } catch (ArithmeticException e) {
            throw new InvalidRequestException(field + " " + Shapes.format(shape) + " has more elements than a request can carry");
        }
        return shape;
    }

    private static JsonNode parameters(JsonNode node, String field) {
        JsonNode parameters = node.get("parameters");
        if (parameters == null || parameters.isNull()) {
            return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
        }
        if (!parameters.isObject()) {
            throw new InvalidRequestException(field + " must be an object, not " + parameters.getNodeType().toString().toLowerCase());
        }
        return parameters;
    }

    private static boolean flag(JsonNode parameters, String name, String where) {
        JsonNode value = parameters.get(name);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidRequestException(where + "." + name + " must be true or false, not " + value);
        }
        return value.booleanValue();
    }

    private static OptionalLong timeout(JsonNode parameters) {
        JsonNode value = parameters.get("timeout");
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_TIMEOUT_MILLIS) {
            throw new InvalidRequestException("parameters.timeout is " + value + " but must be a whole number of"
                    + " milliseconds from 1 to " + MAX_TIMEOUT_MILLIS);
        }
        return OptionalLong.of(value.asLong());
    }

    private static void requestedOutputs(JsonNode outputs, List<String> names, Set<String> binary) {
        if (outputs == null || outputs.isNull()) {
            return;
        }
        if (!outputs.isArray()) {
            throw new InvalidRequestException("outputs must be an array of {\"name\": ...}");
        }
        for (int i = 0; i < outputs.size(); i++) {
            JsonNode name = outputs.get(i).path("name");
            if (!name.isTextual() || name.asText().isEmpty()) {
                throw new InvalidRequestException("outputs[" + i + "].name is required and must be a non-empty string");
            }
            names.add(name.asText());
            if (flag(parameters(outputs.get(i), "outputs[" + i + "].parameters"), "binary_data",
                    "outputs[" + i + "].parameters")) {
                binary.add(name.asText());
            }
        }
    }
}
