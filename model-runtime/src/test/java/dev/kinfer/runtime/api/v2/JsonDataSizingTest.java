package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Tensor;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The JSON data arrays are sized from the shape when it comes first; the shape is only a hint, so a
 * shape that lies, comes last or is missing changes nothing a client can see.
 */
class JsonDataSizingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InferRequestParser parser = new InferRequestParser(JSON);

    private Tensor only(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8)).inputs().get(0);
    }

    private static float[] floats(Tensor t) {
        FloatBuffer view = t.data().duplicate().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] values = new float[view.remaining()];
        view.get(values);
        return values;
    }

    @Test
    void theExpectedCountIsTheShapesProductBoundedByWhatTheBodyCanHold() {
        assertThat(InferRequestParser.expectedElements(JSON.valueToTree(new long[] {1, 3, 224, 224}), 1_000_000))
                .isEqualTo(150_528);
        assertThat(InferRequestParser.expectedElements(JSON.valueToTree(new long[] {1_000_000_000, 1_000_000_000}), 500))
                .isEqualTo(500);
        assertThat(InferRequestParser.expectedElements(JSON.valueToTree(new long[] {2, 0, 5}), 500)).isZero();
        assertThat(InferRequestParser.expectedElements(JSON.valueToTree(new Object[] {2, "x"}), 500)).isZero();
        assertThat(InferRequestParser.expectedElements(JSON.valueToTree(new long[] {-1, 4}), 500)).isZero();
        assertThat(InferRequestParser.expectedElements(null, 500)).isZero();
    }

    @Test
    void dataMoreThanTheShapePromisedIsReadWholeAndRefusedByCount() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            data.append(i == 0 ? "" : ",").append(i).append(".5");
        }
        String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";

        assertThatThrownBy(() -> only(body)).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("inputs[0].data has 100 elements but shape [2] needs 2");
    }

    @Test
    void dataBeforeItsShapeAndMixedIntegersAndFloatsKeepTheirValues() {
        Tensor t = only("{\"inputs\":[{\"data\":[[1, 2.5], [3, -4.25]],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2,2]}]}");

        assertThat(floats(t)).containsExactly(1f, 2.5f, 3f, -4.25f);
    }

    @Test
    void integersOnlyNeedNoFloatStorageAndKeepTheirFullRange() {
        Tensor t = only("{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"INT64\",\"data\":[9007199254740993, -7]}]}");

        LongBuffer view = t.data().duplicate().order(ByteOrder.nativeOrder()).asLongBuffer();
        assertThat(view.get(0)).isEqualTo(9007199254740993L);
        assertThat(view.get(1)).isEqualTo(-7L);
    }

    @Test
    void aLongArrayWithItsShapeLastGrowsAndKeepsEveryValue() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            data.append(i == 0 ? "" : ",").append(i % 2 == 0 ? Integer.toString(i) : i + ".5");
        }
        Tensor t = only("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"data\":[" + data + "],\"shape\":[5000]}]}");

        float[] values = floats(t);
        assertThat(values).hasSize(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(values[i]).isEqualTo(i % 2 == 0 ? i : i + 0.5f);
        }
    }
}
