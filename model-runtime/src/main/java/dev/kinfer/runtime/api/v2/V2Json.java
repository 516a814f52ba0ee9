package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Fp16;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.model.TensorSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes V2 response bodies: infer responses (JSON, or JSON followed by binary tensors when the
 * request asked for them) and model metadata. Infer responses are streamed, not built as a tree:
 * they are written once per request on the hot path.
 */
@ApplicationScoped
public class V2Json {
    static final String PLATFORM = "pytorch_torchscript";
    private final ObjectMapper json;

    public V2Json(ObjectMapper json) {
        this.json = json;
    }

    /**
     * An encoded response: {@code body}, of which the first {@code jsonLength} bytes are JSON; when
     * {@code binary} is true the rest are the outputs' raw bytes and the response carries
     * {@code Inference-Header-Content-Length: jsonLength}.
     */
    public record Encoded(byte[] body, int jsonLength, boolean binary) {
    }

    public Encoded inferResponse(LoadedModel model, InferRequest request, List<Tensor> outputs) {
        List<Tensor> chosen = select(model, request.requestedOutputs(), outputs);
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + chosen.stream().mapToInt(t -> t.data().remaining() * 3).sum());
        List<Tensor> binary = new ArrayList<>();
        try (JsonGenerator g = json.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_name", model.name());
            if (request.id().isPresent()) {
                g.writeStringField("id", request.id().get());
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : chosen) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("datatype", t.datatype().name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                if (request.binary(t.name())) {
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", t.data().remaining());
                    g.writeEndObject();
                    binary.add(t);
                } else {
                    g.writeArrayFieldStart("data");
                    writeData(g, t);
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int jsonLength = out.size();
        for (Tensor t : binary) {
            ByteBuffer b = t.data().duplicate();
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            out.writeBytes(bytes);
        }
        return new Encoded(out.toByteArray(), jsonLength, !binary.isEmpty());
    }

    /** The outputs to return, in the model's order; an unknown name is the client's error. */
    static List<Tensor> select(LoadedModel model, List<String> wanted, List<Tensor> outputs) {
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.get(i);
            if (outputs.stream().noneMatch(t -> t.name().equals(name))) {
                throw new InvalidRequestException("outputs[" + i + "].name '" + name + "' is not an output of model '"
                        + model.name() + "'; its outputs are: "
                        + outputs.stream().map(Tensor::name).collect(Collectors.joining(", ")));
            }
        }
        return wanted.isEmpty() ? outputs : outputs.stream().filter(t -> wanted.contains(t.name())).toList();
    }

    public ObjectNode modelMetadata(LoadedModel model) {
        ObjectNode body = json.createObjectNode();
        body.put("name", model.name());
        body.putArray("versions");
        body.put("platform", PLATFORM);
        ArrayNode inputs = body.putArray("inputs");
        ArrayNode outputs = body.putArray("outputs");
        model.signature().ifPresent(s -> {
            s.inputs().forEach(spec -> writeSpec(inputs.addObject(), spec));
            s.outputs().forEach(spec -> writeSpec(outputs.addObject(), spec));
        });
        return body;
    }

    private static void writeSpec(ObjectNode node, TensorSpec spec) {
        node.put("name", spec.name());
        node.put("datatype", spec.datatype().name());
        ArrayNode shape = node.putArray("shape");
        for (long d : spec.shape()) {
            shape.add(d);
        }
    }

    /** The tensor's elements, flat, as JSON values. */
    static void writeData(JsonGenerator g, Tensor t) throws IOException {
        ByteBuffer b = t.data().duplicate().order(t.data().order());
        switch (t.datatype()) {
            case FP32 -> { while (b.hasRemaining()) { g.writeNumber(b.getFloat()); } }
            case FP64 -> { while (b.hasRemaining()) { g.writeNumber(b.getDouble()); } }
            case FP16 -> { while (b.hasRemaining()) { g.writeNumber(Fp16.toFloat(b.getShort())); } }
            case INT64 -> { while (b.hasRemaining()) { g.writeNumber(b.getLong()); } }
            case INT32 -> { while (b.hasRemaining()) { g.writeNumber(b.getInt()); } }
            case INT16 -> { while (b.hasRemaining()) { g.writeNumber(b.getShort()); } }
            case INT8 -> { while (b.hasRemaining()) { g.writeNumber(b.get()); } }
            case UINT8 -> { while (b.hasRemaining()) { g.writeNumber(b.get() & 0xff); } }
            case BOOL -> { while (b.hasRemaining()) { g.writeBoolean(b.get() != 0); } }
            default -> throw new IllegalStateException("unhandled datatype " + t.datatype());
        }
    }
}
