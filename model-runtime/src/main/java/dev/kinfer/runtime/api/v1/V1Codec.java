package dev.kinfer.runtime.api.v1;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.api.v2.Elements;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.model.TensorSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * KServe V1 {@code :predict}: {@code {"instances": [...]}}, one instance per sample, stacked into one tensor per
 * input: a plain value for a model with one input, or an object with one field per input
 * ({@code {"instances": [{"a": ..., "b": ...}]}}); answered with {@code {"predictions": [...]}}, one per sample (an
 * object by output name when the model has several outputs).
 */
@ApplicationScoped
public class V1Codec {
    private final ObjectMapper json;

    public V1Codec(ObjectMapper json) {
        this.json = json;
    }

    public List<Tensor> parse(LoadedModel model, byte[] body) {
        JsonNode root;
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("request body is empty; expected {\"instances\": [...]}");
        }
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new InvalidRequestException("request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode instances = root == null ? null : root.get("instances");
        if (instances == null || !instances.isArray() || instances.isEmpty()) {
            throw new InvalidRequestException("instances is required and must be a non-empty array, one entry per sample");
        }
        if (instances.get(0).isObject()) {
            return named(model, instances);
        }
        String name = "input";
        Datatype type = Datatype.FP32;
        if (model.signature().isPresent()) {
            List<TensorSpec> inputs = model.signature().get().inputs();
            if (inputs.size() != 1) {
                throw new InvalidRequestException("model '" + model.name() + "' takes " + inputs.size() + " inputs ("
                        + names(inputs) + "); send each instance as an object with one field per input, e.g."
                        + " {\"instances\": [{\"" + inputs.get(0).name() + "\": ..., \"" + inputs.get(1).name()
                        + "\": ...}]}");
            }
            name = inputs.get(0).name();
            type = inputs.get(0).datatype();
        }
        List<JsonNode> rows = new ArrayList<>();
        instances.forEach(rows::add);
        return List.of(stack(rows, name, type, i -> "instances[" + i + "]", "instances"));
    }

    /**
     * Instances as objects, one field per model input ({@code {"instances": [{"a": [...], "b": [...]}]}}): each input's
     * values are stacked across instances into one tensor, in the model's input order.
     */
    private static List<Tensor> named(LoadedModel model, JsonNode instances) {
        List<TensorSpec> inputs = model.signature().map(s -> s.inputs()).orElse(null);
        if (inputs == null) {
            JsonNode first = instances.get(0);
            if (first.size() != 1) {
                throw new InvalidRequestException("model '" + model.name() + "' has no signature, so instances can name"
                        + " only one input; set KINFER_MODEL_SIGNATURE to send several");
            }
            inputs = List.of(new TensorSpec(first.fieldNames().next(), Datatype.FP32, new long[0]));
        }
        List<Tensor> tensors = new ArrayList<>();
        for (TensorSpec input : inputs) {
            List<JsonNode> rows = new ArrayList<>();
            for (int i = 0; i < instances.size(); i++) {
                JsonNode instance = instances.get(i);
                if (!instance.isObject()) {
                    throw new InvalidRequestException("instances[" + i + "] is not an object like instances[0]; send every"
                            + " instance as an object with the fields " + names(inputs));
                }
                JsonNode value = instance.get(input.name());
                if (value == null) {
                    throw new InvalidRequestException("instances[" + i + "] has no field '" + input.name()
                            + "'; model '" + model.name() + "' takes " + names(inputs));
                }
                rows.add(value);
            }
            tensors.add(stack(rows, input.name(), input.datatype(), i -> "instances[" + i + "]." + input.name(),
                    "instances[]." + input.name()));
        }
        for (int i = 0; i < instances.size(); i++) {
            for (var fields = instances.get(i).fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (inputs.stream().noneMatch(in -> in.name().equals(field))) {
                    throw new InvalidRequestException("instances[" + i + "] has a field '" + field + "' that is not an"
                            + " input of model '" + model.name() + "'; its inputs are " + names(inputs));
                }
            }
        }
        return tensors;
    }

    /** One value per sample, all shaped like the first, stacked into a [samples, ...] tensor. */
    private static Tensor stack(List<JsonNode> rows, String name, Datatype type, IntFunction<String> rowField,
                                String field) {
        List<Long> dims = new ArrayList<>();
        dims.add((long) rows.size());
        for (JsonNode n = rows.get(0); n.isArray(); n = n.get(0)) {
            dims.add((long) n.size());
            if (n.isEmpty()) {
                break;
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        for (int i = 0; i < rows.size(); i++) {
            requireShape(rows.get(i), shape, 1, rowField.apply(i));
        }
        List<JsonNode> elements = new ArrayList<>();
        rows.forEach(r -> elements.addAll(Elements.flatten(r)));
        return new Tensor(name, type, shape, Elements.read(elements, type, field));
    }

    private static String names(List<TensorSpec> inputs) {
        return inputs.stream().map(TensorSpec::name).collect(java.util.stream.Collectors.joining(", "));
    }

    private static void requireShape(JsonNode node, long[] shape, int depth, String field) {
        if (depth == shape.length) {
            if (node.isArray()) {
                throw new InvalidRequestException(field + " is nested deeper than instances[0] (shape "
                        + Shapes.format(shape) + ")");
            }
            return;
        }
        if (!node.isArray() || node.size() != shape[depth]) {
            throw new InvalidRequestException(field + " does not have the shape of instances[0]: expected "
                    + shape[depth] + " elements at this level (shape " + Shapes.format(shape) + ")");
        }
        for (int i = 0; i < node.size(); i++) {
            requireShape(node.get(i), shape, depth + 1, field + "[" + i + "]");
        }
    }

    public byte[] predictions(List<Tensor> outputs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeArrayFieldStart("predictions");
            long samples = outputs.get(0).shape().length == 0 ? 1 : outputs.get(0).shape()[0];
            for (int s = 0; s < samples; s++) {
                if (outputs.size() == 1) {
                    writeSample(g, outputs.get(0), s);
                } else {
                    g.writeStartObject();
                    for (Tensor t : outputs) {
                        g.writeFieldName(t.name());
                        writeSample(g, t, s);
                    }
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Row {@code sample} of {@code t} as nested arrays (a scalar for a rank-1 output). */
    private static void writeSample(JsonGenerator g, Tensor t, int sample) throws IOException {
        long[] shape = t.shape();
        if (shape.length <= 1) {
            Elements.write(g, t, shape.length == 0 ? 0 : sample);
            return;
        }
        long rowElements = Shapes.elements(shape) / shape[0];
        writeNested(g, t, shape, 1, sample * rowElements);
    }

    private static long writeNested(JsonGenerator g, Tensor t, long[] shape, int depth, long index) throws IOException {
        if (depth == shape.length) {
            Elements.write(g, t, (int) index);
            return index + 1;
        }
        g.writeStartArray();
        for (long i = 0; i < shape[depth]; i++) {
            index = writeNested(g, t, shape, depth + 1, index);
        }
        g.writeEndArray();
        return index;
    }
}
