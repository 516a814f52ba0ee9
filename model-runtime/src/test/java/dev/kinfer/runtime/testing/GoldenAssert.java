package dev.kinfer.runtime.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Compares a served V2 output with a golden tensor: |got - want| <= 1e-5 + 1e-4 * |want|. */
public final class GoldenAssert {
    public static final double ATOL = 1e-5;
    public static final double RTOL = 1e-4;

    private GoldenAssert() {
    }

    public static void assertMatches(Fixtures.Golden want, JsonNode output) {
        List<Long> shape = new ArrayList<>();
        output.get("shape").forEach(d -> shape.add(d.asLong()));
        assertEquals(toList(want.shape()), shape, "shape of " + output.get("name"));
        JsonNode data = output.get("data");
        assertEquals(want.values().length, data.size(), "element count of " + output.get("name"));
        for (int i = 0; i < data.size(); i++) {
            double got = data.get(i).asDouble();
            double expected = want.values()[i];
            assertTrue(Math.abs(got - expected) <= ATOL + RTOL * Math.abs(expected),
                    output.get("name") + ".data[" + i + "] is " + got + ", golden " + expected);
        }
    }

    private static List<Long> toList(long[] values) {
        List<Long> list = new ArrayList<>();
        for (long v : values) {
            list.add(v);
        }
        return list;
    }
}
