package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.core.io.NumberInput;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * JSON numbers read straight from a body's UTF-8 bytes for {@link FastV2Json}, with the values Jackson
 * gives: an integer as a long (declined beyond a long, where Jackson makes a BigInteger), a number with a
 * fraction or an exponent as the double Jackson's parser gives, bit for bit (Clinger's fast path where it
 * is exact, else Jackson's own parser on the text). Anything outside JSON's number grammar is declined.
 */
final class JsonNumberReader {
    static final int DECLINED = -1;
    /** The longest number read, in characters: far below Jackson's limit (1,000 by default). */
    static final int MAX_LENGTH = 100;
    private static final VarHandle LITTLE_ENDIAN_LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};
    private static final long ZEROS = 0x3030303030303030L;

    private final byte[] in;
    private final int end;
    private final boolean fastDoubles;
    // The number read last: a long (an integer) or a double (a float).
    private boolean isFloat;
    private long integer;
    private double real;
    // Its digits, leading zeros included, and their value while there are at most 18.
    private int digits;
    private long mantissa;

    /** {@code fastDoubles}: whether Jackson's parser uses its fast double parser (same values, but the same code). */
    JsonNumberReader(byte[] in, int end, boolean fastDoubles) {
        this.in = in;
        this.end = end;
        this.fastDoubles = fastDoubles;
    }

    boolean isFloat() {
        return isFloat;
    }

    long integer() {
        return integer;
    }

    double real() {
        return real;
    }

    /** The byte at {@code i}, or 0 past the end: no number goes on with a 0 byte. */
    private int at(int i) {
        return i < end ? in[i] : 0;
    }

    /**
     * Reads the number at {@code start}; answers where it ends, or {@link #DECLINED}. A float is one to Jackson
     * (it has a fraction or an exponent). {@code exactFirst}: try Clinger's fast path before Jackson's parser,
     * as {@link JsonTensorData} does for data; Jackson's trees use its parser alone. Both round correctly.
     */
    int read(int start, boolean exactFirst) {
        int i = start;
        boolean negative = at(i) == '-';
        if (negative) {
            i++;
        }
        mantissa = 0;
        digits = 0;
        int c = at(i);
        if (c == '0') {
            i++;
        } else if (c >= '1' && c <= '9') {
            i = digits(i);
        } else {
            return DECLINED; // also "-", NaN, Infinity, ".5", "+1"
        }
        int integerDigits = digits;
        int exponent = 0;
        boolean exact = true; // the exponent fits DecimalText's limits
        isFloat = false;
        c = at(i);
        if (c == '.') {
            isFloat = true;
            int fraction = i + 1;
            i = digits(fraction);
            if (i == fraction) {
                return DECLINED;
            }
            exponent = fraction - i;
            c = at(i);
        }
        if (c == 'e' || c == 'E') {
            isFloat = true;
            c = at(++i);
            boolean negativeExponent = c == '-';
            if (c == '-' || c == '+') {
                c = at(++i);
            }
            if (c < '0' || c > '9') {
                return DECLINED;
            }
            int written = 0;
            int exponentDigits = 0;
            do {
                if (++exponentDigits > 5) {
                    exact = false;
                } else {
                    written = written * 10 + (c - '0');
                }
                c = at(++i);
            } while (c >= '0' && c <= '9');
            exponent += negativeExponent ? -written : written;
        }
        if (i - start > MAX_LENGTH) {
            return DECLINED;
        }
        if (isFloat) {
            // Leading zeros count among the 18 digits here (not in DecimalText): such numbers take Jackson's parser.
            real = exactFirst && exact && digits <= 18 ? DecimalText.exact(negative, mantissa, exponent) : Double.NaN;
            if (Double.isNaN(real)) {
                real = NumberInput.parseDouble(new String(in, start, i - start, StandardCharsets.ISO_8859_1), fastDoubles);
            }
        } else if (integerDigits <= 18) {
            integer = negative ? -mantissa : mantissa;
        } else if (integerDigits == 19) {
            try {
                integer = Long.parseLong(new String(in, start, i - start, StandardCharsets.ISO_8859_1));
            } catch (NumberFormatException e) {
                return DECLINED;
            }
        } else {
            return DECLINED;
        }
        return i;
    }

    /**
     * Counts the digits from {@code i} into {@link #digits} and, while there are at most 18, adds them to
     * {@link #mantissa}; answers where they end. Eight bytes at a time where the body has them: a loop over
     * single digits mispredicts a branch where each number's digits end, and an image has 150,000 numbers.
     */
    private int digits(int i) {
        while (i + 8 <= end) {
            long word = (long) LITTLE_ENDIAN_LONGS.get(in, i);
            // A byte is a digit when its high nibble is 3 before and after adding 6. Carries between bytes only
            // come from bytes after the first non-digit, so the count below is right.
            long nonDigits = ((word & 0xF0F0F0F0F0F0F0F0L) ^ ZEROS)
                    | (((word + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) ^ ZEROS);
            int count = Long.numberOfTrailingZeros(nonDigits) >>> 3;
            if (count == 0) {
                return i;
            }
            digits += count;
            if (digits <= 18) {
                // The digits moved to the word's top: an 8-digit number with leading zeros.
                mantissa = mantissa * POWERS_OF_TEN[count] + eightDigits((word - ZEROS) << (64 - 8 * count));
            }
            i += count;
            if (count < 8) {
                return i;
            }
        }
        for (int c = at(i); c >= '0' && c <= '9'; c = at(++i)) {
            if (++digits <= 18) {
                mantissa = mantissa * 10 + (c - '0');
            }
        }
        return i;
    }

    /** The value of eight digits, each less '0' and the first in the lowest byte (fast_float's SWAR step). */
    static long eightDigits(long digits) {
        long pairs = digits * 10 + (digits >>> 8);
        return ((pairs & 0x000000FF000000FFL) * 0x000F424000000064L
                + ((pairs >>> 16) & 0x000000FF000000FFL) * 0x0000271000000001L) >>> 32;
    }
}
