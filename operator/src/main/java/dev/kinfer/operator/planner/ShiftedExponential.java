package dev.kinfer.operator.planner;

/**
 * A call-time distribution: a fixed part plus an exponential part, fitted to a mean and a p99/p50 ratio. It keeps
 * the measured mean (which sets capacity) and the measured tail (which sets p99), with one free parameter each.
 */
record ShiftedExponential(double shiftMillis, double exponentialMeanMillis) {

    private static final double LN_100 = Math.log(100);
    private static final double LN_2 = Math.log(2);

    /**
     * Solves shift + m = mean and shift + m ln 100 = ratio (shift + m ln 2) for the exponential mean m; ratios
     * above ln100/ln2 would need a negative shift and are capped by the callers at 6.
     */
    static ShiftedExponential fromMeanAndTailRatio(double mean, double ratio) {
        double m = mean * (ratio - 1) / (LN_100 - 1 + ratio * (1 - LN_2));
        return new ShiftedExponential(mean - m, m);
    }

    /** Keeps a mean and a p99 (shift + m = mean, shift + m ln 100 = q99), the shift not below zero. */
    static ShiftedExponential fromMeanAndQuantile99(double mean, double q99) {
        double m = Math.max(0, Math.min(mean, (q99 - mean) / (LN_100 - 1)));
        return new ShiftedExponential(mean - m, m);
    }

    /**
     * Keeps a median and a p99 (shift + m ln 2 = p50, shift + m ln 100 = p99); when that shift would be negative the
     * shift is 0 and the p99 is kept. Equal figures give a constant.
     */
    static ShiftedExponential fromMedianAndQuantile99(double p50, double p99) {
        double m = Math.max(0, (p99 - p50) / (LN_100 - LN_2));
        double shift = p50 - m * LN_2;
        return shift >= 0 ? new ShiftedExponential(shift, m) : new ShiftedExponential(0, p99 / LN_100);
    }

    double exceeds(double t) {
        if (t < shiftMillis) {
            return 1;
        }
        return exponentialMeanMillis <= 0 ? 0 : Math.exp(-(t - shiftMillis) / exponentialMeanMillis);
    }

    double mean() {
        return shiftMillis + exponentialMeanMillis;
    }

    double variance() {
        return exponentialMeanMillis * exponentialMeanMillis;
    }

    double quantile(double q) {
        return shiftMillis - exponentialMeanMillis * Math.log(1 - q);
    }
}
