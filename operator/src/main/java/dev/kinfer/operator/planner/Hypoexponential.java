package dev.kinfer.operator.planner;

/**
 * Tails of sums of independent exponential variables (rates per ms): P(X1 + ... + Xn > y) = sum_i e^{-r_i y}
 * prod_{j != i} r_j / (r_j - r_i) for distinct rates. Two rates within 1e-9 of each other (relative) give the
 * Erlang tail; of three, rates within 1e-4 of each other are moved apart by a few times that, which changes the tail
 * by about 1e-4 of itself, far less than the measured figures it is computed from are known to.
 */
final class Hypoexponential {
    private static final double APART = 1e-4;
    private static final double EQUAL = 1e-9;

    private Hypoexponential() {
    }

    static double exceeds(double y, double a, double b) {
        if (Math.abs(a - b) < EQUAL * Math.max(a, b)) {
            return (1 + a * y) * Math.exp(-a * y); // Erlang(2)
        }
        return probability((b * Math.exp(-a * y) - a * Math.exp(-b * y)) / (b - a));
    }

    static double exceeds(double y, double a, double b, double c) {
        b = apart(b, a, a);
        c = apart(c, a, b);
        return probability(Math.exp(-a * y) * b / (b - a) * c / (c - a)
                + Math.exp(-b * y) * a / (a - b) * c / (c - b)
                + Math.exp(-c * y) * a / (a - c) * b / (b - c));
    }

    /** Rounding in the alternating sum can step just outside [0, 1]. */
    private static double probability(double p) {
        return Math.min(1, Math.max(0, p));
    }

    /** {@code r} moved up until it is at least APART (relative) from both others. */
    private static double apart(double r, double other1, double other2) {
        while (close(r, other1) || close(r, other2)) {
            r *= 1 + 3 * APART;
        }
        return r;
    }

    private static boolean close(double r, double other) {
        return Math.abs(r - other) < APART * Math.max(r, other);
    }
}
