package dev.kinfer.operator.planner;

/**
 * The exponential decay rate theta of the queueing wait's tail, P(W > t) ~ C e^{-theta t}. The c workers are pooled
 * into one server c times as fast and theta is the Lundberg root of E[e^{theta S/c}] E[e^{-theta A}] = 1, S the call
 * time of a batch and A the time between dispatches. It is exact for M/M/c (theta = c mu - lambda_b) and for a single
 * worker; unlike Kingman's heavy-traffic rate it stays right at moderate load, where nearly-deterministic GPU calls
 * and regular batch dispatches make waits short.
 */
final class WaitDecay {

    private WaitDecay() {
    }

    static double solve(BatchFormation formation, ShiftedExponential[] calls, int servers) {
        double ceiling = Double.POSITIVE_INFINITY;
        for (int k = 1; k < calls.length; k++) {
            if (formation.batchSizeProbability(k) > 0 && calls[k].exponentialMeanMillis() > 0) {
                ceiling = Math.min(ceiling, servers / calls[k].exponentialMeanMillis());
            }
        }
        // f(theta) = log MGF(S/c) + log LST(A) is convex with f(0) = 0 and f'(0) < 0 when stable: one positive root.
        double lo = 0;
        double hi = Double.isInfinite(ceiling) ? servers / meanCall(formation, calls) : ceiling * (1 - 1e-9);
        while (Double.isInfinite(ceiling) && f(formation, calls, servers, hi) < 0) {
            lo = hi;
            hi *= 2;
        }
        for (int i = 0; i < 48; i++) {
            double mid = (lo + hi) / 2;
            if (f(formation, calls, servers, mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.max(lo, 1e-9);
    }

    private static double meanCall(BatchFormation formation, ShiftedExponential[] calls) {
        double mean = 0;
        for (int k = 1; k < calls.length; k++) {
            mean += formation.batchSizeProbability(k) * calls[k].mean();
        }
        return mean;
    }

    private static double f(BatchFormation formation, ShiftedExponential[] calls, int servers, double theta) {
        double mgf = 0;
        for (int k = 1; k < calls.length; k++) {
            double p = formation.batchSizeProbability(k);
            if (p > 0) {
                double pooledShift = calls[k].shiftMillis() / servers;
                double pooledExponential = calls[k].exponentialMeanMillis() / servers;
                mgf += p * Math.exp(theta * pooledShift) / (1 - theta * pooledExponential);
            }
        }
        return Math.log(mgf) + Math.log(formation.interDispatchTransform(theta));
    }
}
