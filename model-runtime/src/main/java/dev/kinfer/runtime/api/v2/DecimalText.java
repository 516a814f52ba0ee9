package dev.kinfer.runtime.api.v2;

/**
 * The common case of a JSON number read as a double without a general-purpose parser: at most 18 significant
 * digits whose value is at most 2^53, and a power of ten from 10^-22 to 10^22. Both are then exact doubles, so one
 * multiplication or division rounds correctly and the result is the one {@link Double#parseDouble} gives (Clinger's
 * fast path). Anything else answers {@link Double#NaN} and the caller uses the general parser; JSON has no NaN
 * literal, so the sentinel is never a real value. Images arrive as 150,000 numbers like {@code 0.48235294},
 * and the general parser spent more time on them than the tokenizer that found them.
 */
final class DecimalText {
    private static final long MAX_EXACT = 1L << 53;
    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private DecimalText() {
    }

    /** The value of the JSON number in {@code text[offset, offset + length)}, or NaN when it needs the general parser. */
    static double parse(char[] text, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = i < end && text[i] == '-';
        if (negative) {
            i++;
        }
        long mantissa = 0;
        int digits = 0;      // significant digits taken into the mantissa
        int exponent = 0;    // power of ten the mantissa is scaled by
        boolean anyDigit = false;
        for (; i < end && isDigit(text[i]); i++) {
            anyDigit = true;
            if (mantissa == 0 && text[i] == '0') {
                continue;    // leading zeros are not significant
            }
            if (++digits > 18) {
                return Double.NaN;
            }
            mantissa = mantissa * 10 + (text[i] - '0');
        }
        if (i < end && text[i] == '.') {
            i++;
            for (; i < end && isDigit(text[i]); i++) {
                anyDigit = true;
                exponent--;
                if (mantissa == 0 && text[i] == '0') {
                    continue;
                }
                if (++digits > 18) {
                    return Double.NaN;
                }
                mantissa = mantissa * 10 + (text[i] - '0');
            }
        }
        if (!anyDigit) {
            return Double.NaN;
        }
        if (i < end && (text[i] == 'e' || text[i] == 'E')) {
            i++;
            boolean negativeExponent = i < end && text[i] == '-';
            if (i < end && (text[i] == '-' || text[i] == '+')) {
                i++;
            }
            int written = 0;
            int start = i;
            for (; i < end && isDigit(text[i]); i++) {
                if (i - start > 4) {
                    return Double.NaN;
                }
                written = written * 10 + (text[i] - '0');
            }
            if (i == start) {
                return Double.NaN;
            }
            exponent += negativeExponent ? -written : written;
        }
        return i == end ? exact(negative, mantissa, exponent) : Double.NaN;
    }

    /** {@code mantissa * 10^exponent} (negated when {@code negative}), or NaN when one rounding cannot give it exactly. */
    static double exact(boolean negative, long mantissa, int exponent) {
        if (mantissa > MAX_EXACT) {
            return Double.NaN;
        }
        double value;
        if (mantissa == 0) {
            value = 0;
        } else if (exponent >= 0 && exponent < POWERS.length) {
            value = mantissa * POWERS[exponent];
        } else if (exponent < 0 && -exponent < POWERS.length) {
            value = mantissa / POWERS[-exponent];
        } else {
            return Double.NaN;
        }
        return negative ? -value : value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
