package dev.kinfer.runtime.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.StringWriter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {

    private static ObjectMapper customized() {
        ObjectMapper mapper = new ObjectMapper();
        new JsonNumbers().customize(mapper);
        return mapper;
    }

    @Test
    void answersAreWrittenWithTheShortestDecimalWriter() {
        assertThat(customized().getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER.mappedFeature()))
                .isTrue();
    }

    @Test
    void everyFloatWrittenReadsBackToItselfInNoMoreDigitsThanFloatToString() throws Exception {
        ObjectMapper mapper = customized();
        SplittableRandom random = new SplittableRandom(42);
        float[] values = new float[20_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(random.nextInt()); // every exponent, subnormals included
            if (!Float.isFinite(values[i])) {
                values[i] = (float) random.nextGaussian();
            }
        }
        StringWriter text = new StringWriter();
        try (JsonGenerator g = mapper.getFactory().createGenerator(text)) {
            g.writeStartArray();
            for (float v : values) {
                g.writeNumber(v);
            }
            g.writeEndArray();
        }
        String array = text.toString();
        String[] numbers = array.substring(1, array.length() - 1).split(",");
        assertThat(numbers).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            String written = numbers[i];
            assertThat(Float.parseFloat(written)).as("element %d", i).isEqualTo(values[i]);
            assertThat(written.length()).as("element %d: %s", i, written)
                    .isLessThanOrEqualTo(Float.toString(values[i]).length());
        }
    }
}
