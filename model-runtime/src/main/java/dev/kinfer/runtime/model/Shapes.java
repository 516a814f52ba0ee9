package dev.kinfer.runtime.model;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Shape helpers: element counts and the compact {@code [8,16]} form used in error messages. */
public final class Shapes {
    private Shapes() {
    }

    public static String format(long[] shape) {
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]"));
    }

    /** Number of elements, or -1 when it would overflow an int (no JSON body holds that many). */
    public static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** True when {@code actual} fits {@code declared}, where -1 in {@code declared} matches any size. */
    public static boolean fits(long[] actual, long[] declared) {
        if (actual.length != declared.length) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            if (declared[i] != -1 && declared[i] != actual[i]) {
                return false;
            }
        }
        return true;
    }
}
