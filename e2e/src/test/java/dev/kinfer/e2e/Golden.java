package dev.kinfer.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Raw little-endian golden tensors (the format of ../shared/models/golden) and the agreed tolerance. */
final class Golden {

    static final double ATOL = 1e-5;
    static final double RTOL = 1e-4;

    static double[] readFloat32(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return values;
    }

    static long[] readInt64(Path file) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        long[] values = new long[bytes.remaining() / Long.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getLong();
        }
        return values;
    }

    /** Indices where |got - want| > atol + rtol * |want|, as readable messages; empty when all agree. */
    static List<String> mismatches(double[] want, JsonNode got) {
        List<String> problems = new ArrayList<>();
        if (got.size() != want.length) {
            problems.add("got " + got.size() + " values, want " + want.length);
            return problems;
        }
        for (int i = 0; i < want.length; i++) {
            double g = got.get(i).asDouble();
            if (!(Math.abs(g - want[i]) <= ATOL + RTOL * Math.abs(want[i]))) {
                problems.add("[" + i + "] got " + g + ", want " + want[i]);
            }
        }
        return problems;
    }

    private Golden() {
    }
}
