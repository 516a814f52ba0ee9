package dev.kinfer.operator.planner;

/** Poisson probabilities computed in log space so that large means do not underflow into NaN. */
final class Poisson {

    private Poisson() {
    }

    /** P(N = k) for k = 0..n-1. */
    static double[] pmf(double mean, int n) {
        double[] p = new double[n];
        if (mean <= 0) {
            p[0] = 1;
            return p;
        }
        if (mean < 700) {
            // e^-mean is a normal double here, so the cheap recurrence p_k = p_{k-1} mean / k is exact enough.
            p[0] = Math.exp(-mean);
            for (int k = 1; k < n; k++) {
                p[k] = p[k - 1] * mean / k;
            }
            return p;
        }
        double log = -mean;
        double logMean = Math.log(mean);
        for (int k = 0; k < n; k++) {
            if (k > 0) {
                log += logMean - Math.log(k);
            }
            p[k] = Math.exp(log);
        }
        return p;
    }

    /** P(N <= k) for k = 0..n-1. */
    static double[] cdf(double mean, int n) {
        double[] c = pmf(mean, Math.max(n, 1));
        for (int k = 1; k < c.length; k++) {
            c[k] = Math.min(1, c[k] + c[k - 1]);
        }
        return c;
    }
}
