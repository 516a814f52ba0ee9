package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.api.v2.InferRequestParser.Parsed;
import dev.kinfer.runtime.api.v2.InferRequestParser.RawInput;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a V2 infer body from its UTF-8 bytes into what {@link InferRequestParser}'s Jackson path builds,
 * without Jackson's tokenizer: once the numbers were converted exactly, the tokenizer became the largest
 * cost of an image sent as JSON. It is only a fast path. It takes plain, well-formed JSON and declines
 * (answers null) anything else: a syntax error, an escape, a duplicate key (Jackson's tree and the
 * streamed fields treat them differently), a big integer, a string or null inside {@code data}, trailing
 * bytes, deep nesting. Jackson then reads the body as before, with its results and its error messages.
 */
final class FastV2Json {
    private static final int MAX_DEPTH = 64;
    /** Bytes in a string or key: far below Jackson's default limits (20,000,000 and 50,000 characters). */
    private static final int MAX_STRING = 50_000;
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final JsonNodeFactory nodes;
    private final boolean fastDoubles;

    private FastV2Json(JsonNodeFactory nodes, boolean fastDoubles) {
        this.nodes = nodes;
        this.fastDoubles = fastDoubles;
    }

    /**
     * The fast path for bodies {@code json} would read, or null when that mapper is configured to build
     * trees or check limits in ways this class does not copy (big decimals, long for every int, a node
     * factory of its own, tighter stream limits...).
     */
    static FastV2Json forMapper(ObjectMapper json) {
        DeserializationConfig config = json.getDeserializationConfig();
        StreamReadConstraints limits = json.getFactory().streamReadConstraints();
        Boolean bigDecimals = config.getDatatypeFeatures().getExplicitState(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        boolean plainTrees = config.getNodeFactory().getClass() == JsonNodeFactory.class
                && !(bigDecimals != null ? bigDecimals : config.isEnabled(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS))
                && !config.isEnabled(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                && !config.isEnabled(DeserializationFeature.USE_LONG_FOR_INTS)
                && !config.isEnabled(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                && config.isEnabled(JsonNodeFeature.READ_NULL_PROPERTIES);
        boolean looseLimits = limits.getMaxNestingDepth() >= MAX_DEPTH
                && limits.getMaxNumberLength() >= JsonNumberReader.MAX_LENGTH
                && limits.getMaxStringLength() >= MAX_STRING && limits.getMaxNameLength() >= MAX_STRING
                && limits.getMaxDocumentLength() <= 0 && limits.getMaxTokenCount() <= 0;
        boolean fastDoubles = json.getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER);
        return plainTrees && looseLimits ? new FastV2Json(config.getNodeFactory(), fastDoubles) : null;
    }

    /** The body's first {@code length} bytes as the Jackson path would read them, or null to let Jackson read them. */
    Parsed read(byte[] body, int length) {
        if (body == null || length <= 0 || length > body.length) {
            return null;
        }
        try {
            return new Reader(body, length).body();
        } catch (Decline e) {
            return null;
        }
    }

    /** Thrown wherever the body stops being plain JSON; carries nothing, so it is made once. */
    private static final class Decline extends RuntimeException {
        private static final Decline INSTANCE = new Decline();

        private Decline() {
            super(null, null, false, false);
        }
    }

    /**
     * One body and how far it has been read. Nesting depths: the root object is 1, {@code inputs} 2, an input 3,
     * its {@code data} 4.
     */
    private final class Reader {
        private final byte[] in;
        private final int end;
        private final JsonNumberReader numbers;
        private int pos;

        Reader(byte[] in, int end) {
            this.in = in;
            this.end = end;
            this.numbers = new JsonNumberReader(in, end, fastDoubles);
        }

        /** The byte at {@code i}, or 0 past the end: a 0 byte is plain JSON nowhere, so both decline alike. */
        private int at(int i) {
            return i < end ? in[i] : 0;
        }

        Parsed body() {
            skipSpace();
            expect('{');
            ObjectNode root = nodes.objectNode();
            List<RawInput> inputs = null;
            boolean inputsRead = false;
            if (!empty('}')) {
                do {
                    String field = key();
                    if (root.has(field) || inputsRead && field.equals("inputs")) {
                        throw Decline.INSTANCE;
                    }
                    if (field.equals("inputs") && at(pos) == '[') {
                        inputs = inputs(end / 2 + 1);
                        inputsRead = true;
                    } else {
                        root.set(field, value(1));
                    }
                } while (more('}'));
            }
            skipSpace();
            if (pos != end) {
                throw Decline.INSTANCE;
            }
            return new Parsed(root, inputs);
        }

        private List<RawInput> inputs(int maxElements) {
            expect('[');
            List<RawInput> inputs = new ArrayList<>();
            if (!empty(']')) {
                do {
                    inputs.add(at(pos) == '{' ? input(maxElements) : new RawInput(value(2), null, null));
                } while (more(']'));
            }
            return inputs;
        }

        private RawInput input(int maxElements) {
            expect('{');
            ObjectNode fields = nodes.objectNode();
            JsonTensorData data = null;
            JsonNode nonArrayData = null;
            boolean dataRead = false;
            if (!empty('}')) {
                do {
                    String field = key();
                    if (field.equals("data")) {
                        if (dataRead) {
                            throw Decline.INSTANCE;
                        }
                        dataRead = true;
                        if (at(pos) == '[') {
                            int expected = InferRequestParser.expectedElements(fields.get("shape"), maxElements);
                            JsonNode datatype = fields.get("datatype");
                            // The common image body: shape and datatype first, then FP32 numbers into the tensor.
                            data = expected > 0 && datatype != null && "FP32".equals(datatype.textValue())
                                    ? JsonTensorData.fp32(expected) : JsonTensorData.sized(expected);
                            dataArray(data, 4);
                        } else {
                            nonArrayData = value(3);
                        }
                    } else if (fields.has(field)) {
                        throw Decline.INSTANCE;
                    } else {
                        fields.set(field, value(3));
                    }
                } while (more('}'));
            }
            return new RawInput(fields, data, nonArrayData);
        }

        /** A {@code data} array or one nested in it, at {@code depth}; numbers and booleans only. */
        private void dataArray(JsonTensorData data, int depth) {
            deeper(depth);
            expect('[');
            if (empty(']')) {
                return;
            }
            do {
                switch (at(pos)) {
                    case '[' -> dataArray(data, depth + 1);
                    case 't', 'f' -> {
                        if (data.numbersOnly()) {
                            throw Decline.INSTANCE; // Jackson's path names the element FP32 cannot hold
                        }
                        boolean value = at(pos) == 't';
                        literal(value ? TRUE : FALSE);
                        data.addBoolean(value);
                    }
                    default -> {
                        if (number(true)) {
                            data.addDouble(numbers.real());
                        } else {
                            data.addLong(numbers.integer());
                        }
                    }
                }
            } while (more(']'));
        }

        /** Any value, as Jackson's {@code readValueAsTree} builds it; {@code depth} is that of its container. */
        private JsonNode value(int depth) {
            switch (at(pos)) {
                case '{' -> {
                    deeper(depth + 1);
                    pos++;
                    ObjectNode object = nodes.objectNode();
                    if (!empty('}')) {
                        do {
                            String field = key();
                            if (object.has(field)) {
                                throw Decline.INSTANCE;
                            }
                            object.set(field, value(depth + 1));
                        } while (more('}'));
                    }
                    return object;
                }
                case '[' -> {
                    deeper(depth + 1);
                    pos++;
                    ArrayNode array = nodes.arrayNode();
                    if (!empty(']')) {
                        do {
                            array.add(value(depth + 1));
                        } while (more(']'));
                    }
                    return array;
                }
                case '"' -> {
                    return nodes.textNode(string());
                }
                case 't' -> {
                    literal(TRUE);
                    return nodes.booleanNode(true);
                }
                case 'f' -> {
                    literal(FALSE);
                    return nodes.booleanNode(false);
                }
                case 'n' -> {
                    literal(NULL);
                    return nodes.nullNode();
                }
                default -> {
                    if (number(false)) {
                        return nodes.numberNode(numbers.real());
                    }
                    // Jackson's own choice: an int when the value fits one, else a long.
                    long integer = numbers.integer();
                    return integer == (int) integer ? nodes.numberNode((int) integer) : nodes.numberNode(integer);
                }
            }
        }

        /** Reads the number at {@code pos} into {@link #numbers}; true when it is a float. */
        private boolean number(boolean exactFirst) {
            int after = numbers.read(pos, exactFirst);
            if (after == JsonNumberReader.DECLINED) {
                throw Decline.INSTANCE;
            }
            pos = after;
            return numbers.isFloat();
        }

        /** A string without escapes or control characters, in valid UTF-8, at {@code pos} (its opening quote). */
        private String string() {
            int start = pos + 1;
            int i = start;
            boolean ascii = true;
            for (int c = at(i); c != '"'; c = at(++i)) {
                if (c == '\\' || c >= 0 && c < 0x20) {
                    throw Decline.INSTANCE;
                }
                ascii &= c > 0;
            }
            if (i - start > MAX_STRING) {
                throw Decline.INSTANCE;
            }
            pos = i + 1;
            return ascii ? new String(in, start, i - start, StandardCharsets.ISO_8859_1) : utf8(start, i);
        }

        /**
         * The JDK's strict decoder declines overlong forms, surrogates and code points past U+10FFFF, which Jackson
         * would decode its own way; for well-formed UTF-8 both give the same string.
         */
        private String utf8(int from, int to) {
            try {
                return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(in, from, to - from)).toString();
            } catch (CharacterCodingException e) {
                throw Decline.INSTANCE;
            }
        }

        /** An object's key and its colon, leaving {@code pos} at the value. */
        private String key() {
            if (at(pos) != '"') {
                throw Decline.INSTANCE;
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            return key;
        }

        private void literal(byte[] word) {
            for (byte b : word) {
                expect(b);
            }
        }

        private void expect(int c) {
            if (at(pos) != c) {
                throw Decline.INSTANCE;
            }
            pos++;
        }

        /** After an opening bracket: true (and past it) when {@code close} follows at once. */
        private boolean empty(char close) {
            skipSpace();
            if (at(pos) == close) {
                pos++;
                return true;
            }
            return false;
        }

        /** After an element: true (and at the next one) after a comma, false (and past it) at {@code close}. */
        private boolean more(char close) {
            skipSpace();
            int c = at(pos);
            pos++;
            if (c == ',') {
                skipSpace();
                return true;
            }
            if (c != close) {
                throw Decline.INSTANCE;
            }
            return false;
        }

        private void skipSpace() {
            while (pos < end && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
                pos++;
            }
        }

        private void deeper(int depth) {
            if (depth > MAX_DEPTH) {
                throw Decline.INSTANCE;
            }
        }
    }
}
