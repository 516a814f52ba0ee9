package dev.kinfer.runtime.profile;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Inputs for one batch size, shaped like the signature: the first dimension is the batch (it must be -1,
 * dynamic, for batches above 1), other dynamic dimensions are 1. Floating-point inputs hold seeded
 * uniform [0, 1) values (zeros can take fast paths real data does not), integer and boolean inputs zeros
 * (valid token ids and masks for any vocabulary). The bytes are made once and shared read-only by the
 * workers; every call copies them into the engine, as a served request does.
 */
final class SampleInputs {
    private final List<TensorSpec> specs;
    private final List<long[]> shapes = new ArrayList<>();
    private final List<ByteBuffer> data = new ArrayList<>();

    SampleInputs(List<TensorSpec> specs, int batch) {
        this.specs = specs;
        Random random = new Random(42);
        for (TensorSpec spec : specs) {
            long[] shape = spec.shape().clone();
            for (int d = 0; d < shape.length; d++) {
                shape[d] = shape[d] != -1 ? shape[d] : (d == 0 ? batch : 1);
            }
            long elements = Shapes.elements(shape);
            ByteBuffer bytes = ByteBuffer.allocateDirect(Math.toIntExact(elements * spec.datatype().bytes()))
                    .order(ByteOrder.nativeOrder());
            for (long i = 0; i < elements; i++) {
                if (spec.datatype() == Datatype.FP32) {
                    bytes.putFloat(random.nextFloat());
                } else if (spec.datatype() == Datatype.FP64) {
                    bytes.putDouble(random.nextDouble());
                }
            }
            bytes.clear();
            shapes.add(shape);
            data.add(bytes);
        }
    }

    /**
     * Null when every input has a dynamic first dimension (any batch size works); else why only batch 1
     * can be measured.
     */
    static String whyUnbatchable(List<TensorSpec> specs) {
        for (int i = 0; i < specs.size(); i++) {
            long[] shape = specs.get(i).shape();
            if (shape.length == 0 || shape[0] != -1) {
                return "inputs[" + i + "] (" + specs.get(i).name() + ") has shape " + Shapes.format(shape)
                        + ", whose first dimension is not -1 (dynamic), so the model takes no batch dimension";
            }
        }
        return null;
    }

    /** The inputs as engine arrays owned by {@code manager}. */
    NDList toNDList(NDManager manager) {
        NDList list = new NDList(specs.size());
        for (int i = 0; i < specs.size(); i++) {
            NDArray array = manager.create(data.get(i).duplicate().order(ByteOrder.nativeOrder()),
                    new Shape(shapes.get(i)), specs.get(i).datatype().djl());
            array.setName(specs.get(i).name());
            list.add(array);
        }
        return list;
    }
}
