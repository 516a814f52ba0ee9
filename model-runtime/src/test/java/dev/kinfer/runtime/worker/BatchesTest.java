package dev.kinfer.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchesTest {

    private static Tensor floats(String name, long[] shape, float... values) {
        ByteBuffer b = ByteBuffer.allocateDirect(values.length * 4).order(ByteOrder.nativeOrder());
        for (float v : values) {
            b.putFloat(v);
        }
        return new Tensor(name, Datatype.FP32, shape, b.flip());
    }

    private static float[] values(Tensor t) {
        ByteBuffer b = t.data().duplicate().order(t.data().order());
        float[] out = new float[b.remaining() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.getFloat();
        }
        return out;
    }

    private static InferenceJob job(Tensor input) {
        return InferenceJob.of(List.of(input), "k", (int) input.shape()[0], InferenceJob.NO_DEADLINE);
    }

    @Test
    void stacksInputsAlongTheFirstDimensionAndSplitsOutputsBackByRows() {
        InferenceJob one = job(floats("x", new long[] {1, 2}, 1, 2));
        InferenceJob two = job(floats("x", new long[] {2, 2}, 3, 4, 5, 6));

        Tensor stacked = Batches.stack(List.of(one, two)).get(0);
        assertArrayEquals(new long[] {3, 2}, stacked.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, values(stacked));

        Tensor out = floats("y", new long[] {3, 1}, 10, 20, 30);
        List<List<Tensor>> parts = Batches.split(List.of(out), List.of(one, two));
        assertArrayEquals(new float[] {10}, values(parts.get(0).get(0)));
        assertArrayEquals(new long[] {2, 1}, parts.get(1).get(0).shape());
        assertArrayEquals(new float[] {20, 30}, values(parts.get(1).get(0)));
    }

    @Test
    void refusesToSplitAnOutputWhoseFirstDimensionIsNotTheBatch() {
        InferenceJob one = job(floats("x", new long[] {1, 1}, 1));
        InferenceJob two = job(floats("x", new long[] {1, 1}, 2));
        assertNull(Batches.split(List.of(floats("y", new long[] {1}, 7)), List.of(one, two)));
        assertThat(Batches.split(List.of(floats("y", new long[] {2}, 7, 8)), List.of(one, two))).hasSize(2);
    }
}
