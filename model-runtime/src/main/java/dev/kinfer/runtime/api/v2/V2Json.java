package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.model.TensorSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Collectors;

/** Writes V2 response bodies: infer responses and model metadata. */
@ApplicationScoped
public class V2Json {
    static final String PLATFORM = "pytorch_torchscript";
    private final ObjectMapper json;

    public V2Json(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode inferResponse(LoadedModel model, InferRequest request, List<Tensor> outputs) {
        ObjectNode body = json.createObjectNode();
        body.put("model_name", model.name());
        request.id().ifPresent(id -> body.put("id", id));
        ArrayNode list = body.putArray("outputs");
        List<String> wanted = request.requestedOutputs();
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.get(i);
            if (outputs.stream().noneMatch(t -> t.name().equals(name))) {
                throw new InvalidRequestException("outputs[" + i + "].name '" + name + "' is not an output of model '"
                        + model.name() + "'; its outputs are: "
                        + outputs.stream().map(Tensor::name).collect(Collectors.joining(", ")));
            }
        }
        for (Tensor t : outputs) {
            if (wanted.isEmpty() || wanted.contains(t.name())) {
                ObjectNode out = list.addObject();
                out.put("name", t.name());
                out.put("datatype", t.datatype().name());
                ArrayNode shape = out.putArray("shape");
                for (long d : t.shape()) {
                    shape.add(d);
                }
                writeData(out.putArray("data"), t);
            }
        }
        return body;
    }

    ObjectNode modelMetadata(LoadedModel model) {
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

    private static void writeData(ArrayNode data, Tensor t) {
        ByteBuffer b = t.data().duplicate().order(t.data().order());
        b.rewind();
        switch (t.datatype()) {
            case FP32 -> { while (b.hasRemaining()) { data.add(b.getFloat()); } }
            case FP64 -> { while (b.hasRemaining()) { data.add(b.getDouble()); } }
            case INT64 -> { while (b.hasRemaining()) { data.add(b.getLong()); } }
            case INT32 -> { while (b.hasRemaining()) { data.add(b.getInt()); } }
            case INT8 -> { while (b.hasRemaining()) { data.add(b.get()); } }
            case UINT8 -> { while (b.hasRemaining()) { data.add(b.get() & 0xff); } }
            case BOOL -> { while (b.hasRemaining()) { data.add(b.get() != 0); } }
            default -> throw new IllegalStateException("unhandled datatype " + t.datatype());
        }
    }
}
