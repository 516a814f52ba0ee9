package dev.kinfer.runtime.worker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Shapes;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.model.TensorSpec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Moves tensors across the engine boundary: into a job's NDManager and back out as copies.
 *
 * <p>INT16 crosses as INT32: DJL 0.36's PyTorch JNI aborts the whole process (a native {@code
 * terminate}) on any int16 tensor, created or converted. INT16 inputs are widened here and outputs the
 * signature declares INT16 are narrowed back, so clients see INT16 both ways and no int16 tensor is
 * ever made inside the engine.
 */
public final class TensorConverter {
    private TensorConverter() {
    }

    public static NDList toNDList(NDManager manager, List<Tensor> tensors) {
        NDList list = new NDList(tensors.size());
        for (Tensor t : tensors) {
            ByteBuffer data = t.data().duplicate().order(ByteOrder.nativeOrder());
            data.rewind();
            NDArray array = t.datatype() == Datatype.INT16
                    ? manager.create(widen(data), new Shape(t.shape()), DataType.INT32)
                    : manager.create(data, new Shape(t.shape()), t.datatype().djl());
            array.setName(t.name());
            list.add(array);
        }
        return list;
    }

    /** Copies the engine's outputs out, so they outlive the job's NDManager. */
    public static List<Tensor> fromNDList(NDList outputs, LoadedModel model) {
        List<Tensor> tensors = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            NDArray array = outputs.get(i);
            // Types the protocol lists but this runtime does not (FP16, INT16, ...) are widened to FP32.
            Datatype type = Datatype.of(array.getDataType()).orElse(Datatype.FP32);
            if (type.djl() != array.getDataType()) {
                array = array.toType(DataType.FLOAT32, false);
            }
            ByteBuffer copy = ByteBuffer.allocate((int) (array.size() * type.bytes())).order(ByteOrder.nativeOrder());
            copy.put(array.toByteBuffer().order(ByteOrder.nativeOrder()));
            copy.flip();
            if (type == Datatype.INT32 && declared(model, i) == Datatype.INT16) {
                type = Datatype.INT16;
                copy = narrow(copy);
            }
            tensors.add(new Tensor(model.outputName(i), type, array.getShape().getShape(), copy));
        }
        return tensors;
    }

    private static Datatype declared(LoadedModel model, int output) {
        return model.signature().filter(s -> output < s.outputs().size())
                .map(s -> s.outputs().get(output).datatype()).orElse(null);
    }

    private static ByteBuffer widen(ByteBuffer shorts) {
        ByteBuffer ints = ByteBuffer.allocateDirect(shorts.remaining() * 2).order(ByteOrder.nativeOrder());
        while (shorts.hasRemaining()) {
            ints.putInt(shorts.getShort());
        }
        return ints.flip();
    }

    /** INT32 values the model computed from INT16 inputs, back to INT16 (wrapping as int16 arithmetic would). */
    private static ByteBuffer narrow(ByteBuffer ints) {
        ByteBuffer shorts = ByteBuffer.allocate(ints.remaining() / 2).order(ByteOrder.nativeOrder());
        while (ints.hasRemaining()) {
            shorts.putShort((short) ints.getInt());
        }
        return shorts.flip();
    }

    /** Zeros shaped like the signature's inputs, dynamic dimensions set to 1: the warm-up request. */
    public static List<Tensor> zerosFor(List<TensorSpec> inputs) {
        List<Tensor> tensors = new ArrayList<>(inputs.size());
        for (TensorSpec spec : inputs) {
            long[] shape = spec.shape().clone();
            for (int d = 0; d < shape.length; d++) {
                shape[d] = shape[d] == -1 ? 1 : shape[d];
            }
            int bytes = (int) (Shapes.elements(shape) * spec.datatype().bytes());
            ByteBuffer zeros = ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
            tensors.add(new Tensor(spec.name(), spec.datatype(), shape, zeros));
        }
        return tensors;
    }
}
