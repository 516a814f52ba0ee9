package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Fp16;
import dev.kinfer.runtime.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Tensor elements as JSON: reads a {@code data} field, flat or nested (row-major), into raw
 * native-order bytes, naming the first element that does not fit the datatype, and writes single
 * elements back.
 */
public final class Elements {
    private Elements() {
    }

    /** The scalars of {@code data} in row-major order; nested arrays are flattened. */
    public static List<JsonNode> flatten(JsonNode data) {
        List<JsonNode> out = new ArrayList<>(data.size());
        flattenInto(data, out);
        return out;
    }

    private static void flattenInto(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            node.forEach(child -> flattenInto(child, out));
        } else {
            out.add(node);
        }
    }

    public static ByteBuffer read(List<JsonNode> elements, Datatype type, String field) {
        // Direct and native-ordered: DJL hands such a buffer to libtorch without another copy.
        ByteBuffer buffer = ByteBuffer.allocateDirect(elements.size() * type.bytes()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < elements.size(); i++) {
            JsonNode e = elements.get(i);
            switch (type) {
                case FP32 -> buffer.putFloat((float) number(e, type, field, i));
                case FP64 -> buffer.putDouble(number(e, type, field, i));
                case INT64 -> buffer.putLong(integer(e, type, field, i, Long.MIN_VALUE, Long.MAX_VALUE));
                case FP16 -> buffer.putShort(Fp16.fromFloat((float) number(e, type, field, i)));
                case INT16 -> buffer.putShort((short) integer(e, type, field, i, Short.MIN_VALUE, Short.MAX_VALUE));
                case INT32 -> buffer.putInt((int) integer(e, type, field, i, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case INT8 -> buffer.put((byte) integer(e, type, field, i, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case UINT8 -> buffer.put((byte) integer(e, type, field, i, 0, 255));
                case BOOL -> buffer.put(bool(e, field, i) ? (byte) 1 : (byte) 0);
                default -> throw new IllegalStateException("unhandled datatype " + type);
            }
        }
        buffer.flip();
        return buffer;
    }

    private static double number(JsonNode e, Datatype type, String field, int i) {
        if (!e.isNumber()) {
            throw bad(e, type + " needs a number", field, i);
        }
        return e.doubleValue();
    }

    private static long integer(JsonNode e, Datatype type, String field, int i, long min, long max) {
        if (!e.isNumber()) {
            throw bad(e, type + " needs an integer", field, i);
        }
        long value;
        if (e.isIntegralNumber() && e.canConvertToLong()) {
            value = e.longValue();
        } else if (e.isFloatingPointNumber() && e.doubleValue() == Math.rint(e.doubleValue())
                && Math.abs(e.doubleValue()) < 0x1p53) {
            value = (long) e.doubleValue(); // 3.0 from a client that writes every number as a float
        } else {
            throw bad(e, type + " needs an integer", field, i);
        }
        if (value < min || value > max) {
            throw bad(e, type + " holds " + min + " to " + max, field, i);
        }
        return value;
    }

    private static boolean bool(JsonNode e, String field, int i) {
        if (!e.isBoolean()) {
            throw bad(e, "BOOL needs true or false", field, i);
        }
        return e.booleanValue();
    }

    private static InvalidRequestException bad(JsonNode e, String expected, String field, int i) {
        String shown = e.toString();
        shown = shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
        return new InvalidRequestException(field + "[" + i + "] is " + shown + " but " + expected);
    }

    /** Element {@code index} of {@code t} as a JSON value. */
    public static void write(com.fasterxml.jackson.core.JsonGenerator g, Tensor t, int index) throws java.io.IOException {
        ByteBuffer b = t.data();
        int at = b.position() + index * t.datatype().bytes();
        switch (t.datatype()) {
            case FP32 -> g.writeNumber(b.getFloat(at));
            case FP64 -> g.writeNumber(b.getDouble(at));
            case FP16 -> g.writeNumber(Fp16.toFloat(b.getShort(at)));
            case INT64 -> g.writeNumber(b.getLong(at));
            case INT32 -> g.writeNumber(b.getInt(at));
            case INT16 -> g.writeNumber(b.getShort(at));
            case INT8 -> g.writeNumber(b.get(at));
            case UINT8 -> g.writeNumber(b.get(at) & 0xff);
            case BOOL -> g.writeBoolean(b.get(at) != 0);
            default -> throw new IllegalStateException("unhandled datatype " + t.datatype());
        }
    }
}
