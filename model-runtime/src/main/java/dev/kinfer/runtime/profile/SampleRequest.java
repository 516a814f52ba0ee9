package dev.kinfer.runtime.profile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.TensorSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/**
 * The V2 JSON body of one sample shaped like the signature, as a client would send it: the batch dimension 1,
 * other dynamic dimensions 1, floating-point data seeded uniform [0, 1) written in full (a client's numbers are
 * not short), integers and booleans zero (valid for any vocabulary or mask).
 */
final class SampleRequest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleRequest() {
    }

    static byte[] v2Json(List<TensorSpec> inputs) {
        Random random = new Random(42);
        ObjectNode root = JSON.createObjectNode();
        ArrayNode tensors = root.putArray("inputs");
        for (TensorSpec spec : inputs) {
            long[] shape = spec.shape().clone();
            for (int d = 0; d < shape.length; d++) {
                shape[d] = shape[d] == -1 ? 1 : shape[d];
            }
            ObjectNode tensor = tensors.addObject();
            tensor.put("name", spec.name());
            tensor.put("datatype", spec.datatype().name());
            ArrayNode dims = tensor.putArray("shape");
            for (long d : shape) {
                dims.add(d);
            }
            ArrayNode data = tensor.putArray("data");
            for (long i = 0, n = Shapes.elements(shape); i < n; i++) {
                switch (spec.datatype()) {
                    case FP16, FP32 -> data.add(random.nextFloat());
                    case FP64 -> data.add(random.nextDouble());
                    case BOOL -> data.add(false);
                    default -> data.add(0);
                }
            }
        }
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }
}
