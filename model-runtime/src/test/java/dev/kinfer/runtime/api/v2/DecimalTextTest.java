package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast path gives exactly what Double.parseDouble gives, or declines. */
class DecimalTextTest {

    private static double parse(String text) {
        return DecimalText.parse(text.toCharArray(), 0, text.length());
    }

    private static void assertSameAsJdkOrDeclined(String text) {
        double fast = parse(text);
        if (!Double.isNaN(fast)) {
            assertThat(Double.doubleToRawLongBits(fast)).as(text)
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(text)));
        }
    }

    @Test
    void pixelsAndOtherShortDecimalsTakeTheFastPathExactly() {
        for (String text : new String[] {"0.48235294", "-1.7923", "2.1", "0", "-0", "-0.0", "1e5", "1.5E-3", "123456.789",
            "0.000123", "100", "3.4028235e38", "1e22", "1e-22", "9007199254740992", "0.1", "1E+2"}) {
            if (!text.equals("3.4028235e38")) {
                assertThat(parse(text)).as(text).isNotNaN();
            }
            assertSameAsJdkOrDeclined(text);
        }
        assertThat(1 / parse("-0.0")).isNegative(); // the sign of zero survives
    }

    @Test
    void whatTheFastPathCannotDoExactlyIsDeclined() {
        for (String text : new String[] {"1e23", "1e-23", "9007199254740993", "12345678901234567890", "1e400",
            "0.1234567890123456789", "4.9e-324", "1.7976931348623157e308"}) {
            assertThat(parse(text)).as(text).isNaN();
        }
    }

    @Test
    void randomDecimalsAgreeBitForBitWithTheJdk() {
        SplittableRandom random = new SplittableRandom(20261126);
        int fast = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                text.append('-');
            }
            int whole = random.nextInt(0, 8);
            text.append(whole == 0 ? "0" : Long.toString(random.nextLong(1, (long) Math.pow(10, whole))));
            if (random.nextInt(4) > 0) {
                text.append('.');
                int fraction = random.nextInt(1, 14);
                for (int d = 0; d < fraction; d++) {
                    text.append((char) ('0' + random.nextInt(10)));
                }
            }
            if (random.nextInt(3) == 0) {
                text.append(random.nextBoolean() ? 'e' : 'E').append(random.nextBoolean() ? "-" : "")
                        .append(random.nextInt(0, 30));
            }
            String s = text.toString();
            assertSameAsJdkOrDeclined(s);
            if (!Double.isNaN(parse(s))) {
                fast++;
            }
        }
        assertThat(fast).as("numbers that took the fast path").isGreaterThan(150_000);
    }
}
