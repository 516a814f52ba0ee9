package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.Datatype;
import dev.kinfer.runtime.model.Fp16;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A V2 {@code data} array read straight from the parser (Jackson's or {@link FastV2Json}), flat or
 * nested (row-major), without a JSON tree: an image is 150,000 numbers, and a node per number costs
 * more than the inference on the machines this runs on. Numbers are kept as long or double with their
 * kind; anything else (a string, null, a number too big for a long) is kept as a node, only for its
 * error message. The datatype may come after the data in the object, so elements are checked in
 * {@link #toBuffer}.
 */
final class JsonTensorData {
    private static final byte INT = 0;
    private static final byte FLOAT = 1;
    private static final byte TRUE = 2;
    private static final byte FALSE = 3;
    private static final byte OTHER = 4;

    private static final long[] NO_LONGS = new long[0];
    private static final double[] NO_DOUBLES = new double[0];

    private byte[] kinds;
    // Allocated on the first number of their kind: an image's floats need no longs.
    private long[] longs = NO_LONGS;
    private double[] doubles = NO_DOUBLES;
    private final Map<Integer, JsonNode> others = new HashMap<>();
    private int size;
    /**
     * Non-null for data already known to be FP32 (its datatype came first): the numbers go straight into the
     * tensor's bytes, without the kinds and doubles (an image's 150,000 numbers were 1.35 MB of them per request).
     */
    private ByteBuffer fp32;

    private JsonTensorData(int capacity) {
        kinds = new byte[Math.max(16, capacity)];
    }

    private JsonTensorData(ByteBuffer fp32) {
        kinds = new byte[0];
        this.fp32 = fp32;
    }

    /**
     * Reads the value at the parser's current token, which must be the array's START_ARRAY.
     * {@code expectedElements} sizes the arrays (the shape, when it came before the data, bounded by
     * what the body could hold), so an image's 150,000 numbers are stored without growing and copying.
     */
    static JsonTensorData read(JsonParser parser, int expectedElements) throws IOException {
        JsonTensorData data = new JsonTensorData(expectedElements);
        int depth = 0;
        JsonToken token = parser.currentToken();
        do {
            switch (token) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_INT -> {
                    if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        data.add(OTHER, 0, 0, parser.readValueAsTree());
                    } else {
                        data.add(INT, parser.getLongValue(), 0, null);
                    }
                }
                case VALUE_NUMBER_FLOAT -> data.add(FLOAT, 0, floatValue(parser), null);
                case VALUE_TRUE -> data.add(TRUE, 0, 0, null);
                case VALUE_FALSE -> data.add(FALSE, 0, 0, null);
                default -> data.add(OTHER, 0, 0, parser.readValueAsTree());
            }
            if (depth > 0) {
                token = parser.nextToken();
                if (token == null) {
                    throw new InvalidRequestException("request body ends inside a data array");
                }
            }
        } while (depth > 0);
        return data;
    }

    /** An empty array for a reader other than Jackson's, sized as {@link #read} sizes it. */
    static JsonTensorData sized(int expectedElements) {
        return new JsonTensorData(expectedElements);
    }

    /**
     * Data whose datatype is FP32, sized for {@code expectedElements}: numbers only (a boolean has no place in it;
     * the caller leaves such data to {@link #sized}, whose {@link #toBuffer} names the element). Each number is
     * stored as {@link #toBuffer} would convert it.
     */
    static JsonTensorData fp32(int expectedElements) {
        return new JsonTensorData(ByteBuffer.allocateDirect(Math.max(16, expectedElements) * Float.BYTES)
                .order(ByteOrder.nativeOrder()));
    }

    /** True for {@link #fp32} data, which takes numbers only. */
    boolean numbersOnly() {
        return fp32 != null;
    }

    void addLong(long value) {
        if (fp32 != null) {
            addFloat((float) (double) value);
        } else {
            add(INT, value, 0, null);
        }
    }

    void addDouble(double value) {
        if (fp32 != null) {
            addFloat((float) value);
        } else {
            add(FLOAT, 0, value, null);
        }
    }

    void addBoolean(boolean value) {
        if (fp32 != null) {
            throw new IllegalStateException("FP32 data takes numbers only");
        }
        add(value ? TRUE : FALSE, 0, 0, null);
    }

    private void addFloat(float value) {
        if (!fp32.hasRemaining()) {
            ByteBuffer grown = ByteBuffer.allocateDirect(fp32.capacity() * 2).order(ByteOrder.nativeOrder());
            grown.put(fp32.flip());
            fp32 = grown;
        }
        fp32.putFloat(value);
        size++;
    }

    /** The float token's value: the exact fast path on its text when it applies, else Jackson's parser. */
    private static double floatValue(JsonParser parser) throws IOException {
        double value = DecimalText.parse(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        return Double.isNaN(value) ? parser.getDoubleValue() : value;
    }

    private void add(byte kind, long l, double d, JsonNode other) {
        if (size == kinds.length) {
            int grown = size * 2;
            kinds = Arrays.copyOf(kinds, grown);
            longs = longs.length == 0 ? longs : Arrays.copyOf(longs, grown);
            doubles = doubles.length == 0 ? doubles : Arrays.copyOf(doubles, grown);
        }
        kinds[size] = kind;
        if (kind == INT) {
            if (longs.length == 0) {
                longs = new long[kinds.length];
            }
            longs[size] = l;
        } else if (kind == FLOAT) {
            if (doubles.length == 0) {
                doubles = new double[kinds.length];
            }
            doubles[size] = d;
        }
        if (other != null) {
            others.put(size, other);
        }
        size++;
    }

    int size() {
        return size;
    }

    /** Direct, native-ordered bytes of {@code type} (DJL hands such a buffer to libtorch without a copy). */
    ByteBuffer toBuffer(Datatype type, String field) {
        if (fp32 != null) {
            if (type != Datatype.FP32) {
                throw new IllegalStateException(field + " was read as FP32 but is " + type);
            }
            return fp32.flip();
        }
        ByteBuffer buffer = ByteBuffer.allocateDirect(size * type.bytes()).order(ByteOrder.nativeOrder());
        for (int i = 0; i < size; i++) {
            switch (type) {
                case FP32 -> buffer.putFloat((float) number(type, field, i));
                case FP64 -> buffer.putDouble(number(type, field, i));
                case FP16 -> buffer.putShort(Fp16.fromFloat((float) number(type, field, i)));
                case INT64 -> buffer.putLong(integer(type, field, i, Long.MIN_VALUE, Long.MAX_VALUE));
                case INT32 -> buffer.putInt((int) integer(type, field, i, Integer.MIN_VALUE, Integer.MAX_VALUE));
                case INT16 -> buffer.putShort((short) integer(type, field, i, Short.MIN_VALUE, Short.MAX_VALUE));
                case INT8 -> buffer.put((byte) integer(type, field, i, Byte.MIN_VALUE, Byte.MAX_VALUE));
                case UINT8 -> buffer.put((byte) integer(type, field, i, 0, 255));
                case BOOL -> buffer.put(bool(field, i) ? (byte) 1 : (byte) 0);
                default -> throw new IllegalStateException("unhandled datatype " + type);
            }
        }
        return buffer.flip();
    }

    private double number(Datatype type, String field, int i) {
        return switch (kinds[i]) {
            case INT -> longs[i];
            case FLOAT -> doubles[i];
            default -> throw bad(i, type + " needs a number", field);
        };
    }

    private long integer(Datatype type, String field, int i, long min, long max) {
        long value;
        if (kinds[i] == INT) {
            value = longs[i];
        } else if (kinds[i] == FLOAT && doubles[i] == Math.rint(doubles[i]) && Math.abs(doubles[i]) < 0x1p53) {
            value = (long) doubles[i]; // 3.0 from a client that writes every number as a float
        } else {
            throw bad(i, type + " needs an integer", field);
        }
        if (value < min || value > max) {
            throw bad(i, type + " holds " + min + " to " + max, field);
        }
        return value;
    }

    private boolean bool(String field, int i) {
        return switch (kinds[i]) {
            case TRUE -> true;
            case FALSE -> false;
            default -> throw bad(i, "BOOL needs true or false", field);
        };
    }

    private InvalidRequestException bad(int i, String expected, String field) {
        String shown = switch (kinds[i]) {
            case INT -> Long.toString(longs[i]);
            case FLOAT -> Double.toString(doubles[i]);
            case TRUE -> "true";
            case FALSE -> "false";
            default -> others.get(i).toString();
        };
        shown = shown.length() > 40 ? shown.substring(0, 40) + "..." : shown;
        return new InvalidRequestException(field + "[" + i + "] is " + shown + " but " + expected);
    }
}
