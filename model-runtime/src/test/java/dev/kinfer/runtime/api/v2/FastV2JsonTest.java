package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BigIntegerNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import dev.kinfer.runtime.api.v2.InferRequestParser.Parsed;
import dev.kinfer.runtime.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fast path reads plain bodies into exactly what the Jackson path reads, and declines everything
 * else, so {@code parse} answers every body, good or broken, as Jackson alone answers it.
 */
class FastV2JsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final InferRequestParser parser = new InferRequestParser(JSON);

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private Parsed fast(String body) {
        return fast(utf8(body));
    }

    private Parsed fast(byte[] body) {
        return parser.readFast(body, body.length);
    }

    private static String input(String data) {
        return "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":" + data + "}]}";
    }

    /** Everything a client can see of a parse: the request, or the exception's class and message. */
    private static String outcome(Supplier<InferRequest> parse) {
        InferRequest request;
        try {
            request = parse.get();
        } catch (RuntimeException e) {
            return e.getClass().getName() + ": " + e.getMessage();
        }
        StringBuilder seen = new StringBuilder("id=").append(request.id()).append(" outputs=")
                .append(request.requestedOutputs()).append(" binary=").append(new TreeSet<>(request.binaryOutputs()))
                .append(" all=").append(request.allBinary()).append(" timeout=").append(request.timeoutMillis());
        for (Tensor t : request.inputs()) {
            ByteBuffer data = t.data().duplicate();
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            seen.append(" | ").append(t.name()).append(' ').append(t.datatype()).append(' ')
                    .append(Arrays.toString(t.shape())).append(' ').append(HexFormat.of().formatHex(bytes));
        }
        return seen.toString();
    }

    private void assertSameAsJackson(byte[] body) {
        String shown = new String(body, StandardCharsets.UTF_8);
        assertThat(outcome(() -> parser.parse(body)))
                .as(shown.length() > 300 ? shown.substring(0, 300) + "..." : shown)
                .isEqualTo(outcome(() -> parser.parseWithJackson(body, body.length, null)));
    }

    @Test
    void generatedRequestsParseExactlyAsJacksonAloneParsesThem() {
        Random random = new Random(20261127);
        int taken = 0;
        for (int n = 0; n < 2000; n++) {
            byte[] body = utf8(new V2Bodies(random).body());
            assertSameAsJackson(body);
            if (fast(body) != null) {
                taken++;
            }
        }
        assertThat(taken).as("generated bodies the fast path read").isGreaterThan(1500);
    }

    @Test
    void mutatedRequestsFailOrSucceedExactlyAsWithJacksonAlone() {
        Random random = new Random(20261128);
        byte[] alphabet = utf8("{}[],:\" \n\t\\-+.eE0123456789tfnaxu\u00e9");
        for (int n = 0; n < 4000; n++) {
            byte[] body = utf8(new V2Bodies(random).body());
            for (int edits = 1 + random.nextInt(2); edits > 0 && body.length > 0; edits--) {
                int at = random.nextInt(body.length);
                byte b = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
                body = switch (random.nextInt(4)) {
                    case 0 -> concat(Arrays.copyOf(body, at), Arrays.copyOfRange(body, at + 1, body.length));
                    case 1 -> concat(Arrays.copyOf(body, at), new byte[] {b}, Arrays.copyOfRange(body, at, body.length));
                    case 2 -> {
                        body[at] = b;
                        yield body;
                    }
                    default -> Arrays.copyOf(body, at);
                };
            }
            assertSameAsJackson(body);
        }
    }

    private static byte[] concat(byte[]... parts) {
        byte[] joined = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    @Test
    void generatedRequestsGiveTheTreesJacksonGives() {
        Random random = new Random(20261129);
        for (int n = 0; n < 1000; n++) {
            byte[] body = utf8(new V2Bodies(random).body());
            Parsed fast = fast(body);
            if (fast == null) {
                continue;
            }
            Parsed jackson = parser.readWithJackson(body, body.length);
            String shown = new String(body, StandardCharsets.UTF_8);
            // JsonNode equality tells IntNode from LongNode and 0.0 from -0.0.
            assertThat(fast.root()).as(shown).isEqualTo(jackson.root());
            assertThat(fast.inputs() == null).as(shown).isEqualTo(jackson.inputs() == null);
            for (int i = 0; fast.inputs() != null && i < fast.inputs().size(); i++) {
                assertThat(fast.inputs().get(i).fields()).as(shown).isEqualTo(jackson.inputs().get(i).fields());
                assertThat(fast.inputs().get(i).nonArrayData()).as(shown).isEqualTo(jackson.inputs().get(i).nonArrayData());
            }
        }
    }

    @Test
    void takesAResNetShapedBodyOfFlatFloats() {
        Random random = new Random(7);
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 3 * 224 * 224; i++) {
            data.append(i == 0 ? "" : ",").append(Float.toString(-2.2f + 4.9f * random.nextFloat()));
        }
        byte[] body = utf8("{\"inputs\":[{\"name\":\"input\",\"shape\":[1,3,224,224],\"datatype\":\"FP32\",\"data\":["
                + data + "]}]}");

        assertThat(fast(body)).isNotNull();
        assertSameAsJackson(body);
    }

    @Test
    void fp32DataAfterItsShapeAndDatatypeGoesStraightIntoTheTensorsFloats() {
        String[] bodies = {
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[2,3],\"datatype\":\"FP32\",\"data\":[[1,-0.0,2.5e-3],[1E+2,-7,16777217]]}]}",
            // more numbers than the shape promised: the buffer grows, and the count is refused as before
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[" + "0.1,".repeat(40) + "3]}]}",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[4],\"datatype\":\"FP32\",\"data\":[1.5]}]}",
            "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[9007199254740993,1e39]}]}"};
        for (String body : bodies) {
            Parsed parsed = fast(body);
            assertThat(parsed).as(body).isNotNull();
            assertThat(parsed.inputs().get(0).data().numbersOnly()).as(body).isTrue();
            assertSameAsJackson(utf8(body));
        }
    }

    @Test
    void fp32DataWithABooleanIsLeftToJacksonWhichNamesTheElement() {
        String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[2],\"datatype\":\"FP32\",\"data\":[1.5,true]}]}";

        assertThat(fast(body)).isNull();
        assertSameAsJackson(utf8(body));
    }

    @Test
    void takesNestedDataWithIntegersBooleansExponentsAndSpace() {
        String body = "{ \"id\" : \"r1\",\n\t\"inputs\" : [ { \"name\" : \"x\", \"shape\" : [2, 3], \"datatype\" : \"FP64\","
                + " \"data\" : [ [1, -0.0, 2.5e-3], [ 1E+2, -7, 0 ] ] },"
                + " {\"name\":\"b\",\"shape\":[2],\"datatype\":\"BOOL\",\"data\":[true,false]} ],\r\n"
                + " \"outputs\" : [ {\"name\":\"y\",\"parameters\":{\"binary_data\":true}} ],"
                + " \"parameters\" : {\"timeout\": 500} }\n";

        assertThat(fast(body)).isNotNull();
        assertSameAsJackson(utf8(body));
    }

    @Test
    void numbersOfEveryLengthReadAsJacksonReadsThemWhereverTheyEnd() {
        Random random = new Random(20261130);
        for (int whole = 1; whole <= 21; whole++) {
            for (int fraction = 0; fraction <= 21; fraction++) {
                StringBuilder number = new StringBuilder(random.nextBoolean() ? "-" : "");
                for (int d = 0; d < whole + fraction; d++) {
                    number.append(d == whole ? "." : "").append(d == 0 ? 1 + random.nextInt(9) : random.nextInt(10));
                }
                String datatype = fraction == 0 ? "INT64" : "FP64";
                // Data last, so the number's digits run into the body's last eight bytes; then data first.
                for (String body : new String[] {
                    "{\"inputs\":[{\"name\":\"x\",\"shape\":[1],\"datatype\":\"" + datatype + "\",\"data\":[" + number + "]}]}",
                    "{\"inputs\":[{\"data\":[" + number + "],\"name\":\"x\",\"shape\":[1],\"datatype\":\"" + datatype + "\"}]}"}) {
                    assertSameAsJackson(utf8(body));
                    if (fraction > 0 || whole < 19) {
                        assertThat(fast(body)).as(body).isNotNull();
                    }
                }
            }
        }
    }

    @Test
    void buildsTheNodeTypesJacksonBuilds() {
        byte[] body = utf8("{\"parameters\":{\"small\":5,\"large\":5000000000,\"min\":-2147483648,\"float\":1.0,"
                + "\"exp\":1e5,\"text\":\"h\u00e9\u4e16\ud83d\ude00\",\"none\":null,\"list\":[1,[true],{}]},\"inputs\":[]}");
        Parsed parsed = fast(body);

        JsonNode parameters = parsed.root().get("parameters");
        assertThat(parameters.get("small")).isInstanceOf(IntNode.class);
        assertThat(parameters.get("large")).isInstanceOf(LongNode.class);
        assertThat(parameters.get("min")).isInstanceOf(IntNode.class);
        assertThat(parameters.get("float")).isInstanceOf(DoubleNode.class);
        assertThat(parameters.get("exp")).isInstanceOf(DoubleNode.class);
        assertThat(parsed.root()).isEqualTo(parser.readWithJackson(body, body.length).root());
    }

    @Test
    void jacksonMakesBigIntegersOfWhatDoesNotFitALongAndTheFastPathLeavesThemToIt() {
        String body = "{\"parameters\":{\"big\":9223372036854775808},\"inputs\":[]}";

        assertThat(parser.readWithJackson(utf8(body), body.length()).root().at("/parameters/big"))
                .isInstanceOf(BigIntegerNode.class);
        assertThat(fast(body)).isNull();
        assertThat(fast(input("[9223372036854775807, -9223372036854775808]"))).isNotNull();
        assertThat(fast(input("[9223372036854775808, 1]"))).isNull();
        assertThat(fast(input("[-92233720368547758090, 1]"))).isNull();
    }

    @Test
    void declinesDuplicateKeysAnywhere() {
        assertThat(fast("{\"id\":\"a\",\"id\":\"b\",\"inputs\":[]}")).isNull();
        assertThat(fast("{\"inputs\":[],\"inputs\":[]}")).isNull();
        assertThat(fast("{\"inputs\":5,\"inputs\":[]}")).isNull();
        assertThat(fast("{\"inputs\":[{\"name\":\"x\",\"name\":\"y\"}]}")).isNull();
        assertThat(fast(input("[1,2],\"data\":[3,4]"))).isNull();
        assertThat(fast("{\"parameters\":{\"a\":{\"b\":1,\"b\":2}},\"inputs\":[]}")).isNull();
    }

    @Test
    void declinesEscapesControlCharactersAndMalformedUtf8InStrings() {
        assertThat(fast("{\"id\":\"a\\\"b\",\"inputs\":[]}")).isNull();
        assertThat(fast("{\"id\":\"\\u0041\",\"inputs\":[]}")).isNull();
        assertThat(fast("{\"id\":\"a\tb\",\"inputs\":[]}")).isNull();
        byte[] overlong = utf8("{\"id\":\"..\",\"inputs\":[]}");
        overlong[7] = (byte) 0xC0;
        overlong[8] = (byte) 0x80;
        assertThat(fast(overlong)).isNull();
        byte[] surrogate = utf8("{\"id\":\"...\",\"inputs\":[]}");
        surrogate[7] = (byte) 0xED;
        surrogate[8] = (byte) 0xA0;
        surrogate[9] = (byte) 0x80;
        assertThat(fast(surrogate)).isNull();
        assertThat(fast("{\"id\":\"h\u00e9\ud83d\ude00\",\"inputs\":[]}")).isNotNull();
    }

    @Test
    void declinesAnythingButNumbersAndBooleansInsideData() {
        assertThat(fast(input("[1,\"2\"]"))).isNull();
        assertThat(fast(input("[1,null]"))).isNull();
        assertThat(fast(input("[1,{}]"))).isNull();
        assertThat(fast(input("[true,false]").replace("FP32", "BOOL"))).isNotNull();
    }

    @Test
    void declinesNumbersOutsideTheJsonGrammar() {
        for (String number : new String[] {"01", "-", "1.", ".5", "+1", "1e", "1e+", "NaN", "Infinity", "-Infinity",
            "0x10", "1.5.2", "--1", "1ee2"}) {
            assertThat(fast(input("[" + number + ",1]"))).as(number).isNull();
            assertThat(fast("{\"id\":" + number + ",\"inputs\":[]}")).as(number).isNull();
        }
        assertThat(fast(input("[0,-0,0.5,-0.0e0,1E-3,2e+2]"))).isNotNull();
    }

    @Test
    void declinesTrailingBytesARootThatIsNoObjectAndBrokenSyntax() {
        assertThat(fast(input("[1,2]") + " x")).isNull();
        assertThat(fast(input("[1,2]") + "}")).isNull();
        assertThat(fast(input("[1,2]") + " \n")).isNotNull();
        assertThat(fast("[1,2]")).isNull();
        assertThat(fast("\ufeff" + input("[1,2]"))).isNull();
        assertThat(fast(input("[1,2,]"))).isNull();
        assertThat(fast("{\"inputs\":[],}")).isNull();
        assertThat(fast("{\"inputs\":[]")).isNull();
        assertThat(fast("{'inputs':[]}")).isNull();
        assertThat(fast("{\"inputs\":[]} // comment")).isNull();
        assertThat(fast("")).isNull();
    }

    @Test
    void declinesNestingDeeperThanSixtyFour() {
        // The root object is level 1, inputs 2, the input 3, data 4.
        assertThat(fast(input("[".repeat(61) + "1" + "]".repeat(61)))).isNotNull();
        assertThat(fast(input("[".repeat(62) + "1" + "]".repeat(62)))).isNull();
        assertThat(fast("{\"p\":" + "[".repeat(63) + "]".repeat(63) + ",\"inputs\":[]}")).isNotNull();
        assertThat(fast("{\"p\":" + "[".repeat(64) + "]".repeat(64) + ",\"inputs\":[]}")).isNull();
    }

    @Test
    void readsOnlyTheJsonPartOfABinaryBody() {
        byte[] body = utf8(input("[1,2]") + "\u0000\u0001binary");

        assertThat(parser.readFast(body, input("[1,2]").length())).isNotNull();
    }

    @Test
    void aMapperThatBuildsOtherTreesHasNoFastPathAndStillParses() {
        ObjectMapper decimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        InferRequestParser exact = new InferRequestParser(decimals);
        byte[] body = utf8(input("[1.5,2]"));

        assertThat(FastV2Json.forMapper(decimals)).isNull();
        assertThat(FastV2Json.forMapper(new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS))).isNull();
        assertThat(FastV2Json.forMapper(JSON)).isNotNull();
        assertThat(exact.readFast(body, body.length)).isNull();
        assertThat(outcome(() -> exact.parse(body))).isEqualTo(outcome(() -> parser.parse(body)));
    }
}
