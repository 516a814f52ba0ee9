package dev.kinfer.operator.planner;

/**
 * How the dynamic batcher groups Poisson arrivals at rate lambda: a batch opens at its first sample and is dispatched
 * when it holds b samples or when delay D has passed since that first sample. Everything here is exact for that
 * rule: the batch size is K = min(b, 1 + N(D)) with N(D) ~ Poisson(lambda D), and a sample at position j waits
 * min(D, A_{b-1}) - A_{j-1} for the batch to close, A_i being the arrival time of the i-th sample after the first.
 */
final class BatchFormation {

    private final int maxBatch;
    private final double delayMillis;
    private final double lambdaPerMilli;
    /** P(K = k) for k = 1..b (index k). */
    private final double[] batchSizeProbability;
    private final double meanBatch;
    /** P(tau > s) at the midpoints of FILL_STEPS steps over [0, fillHorizonMillis()]: the batch still filling. */
    private final double[] stillFilling;
    private final double fillStep;
    private static final int FILL_STEPS = 200;

    BatchFormation(int maxBatch, double delayMillis, double lambdaPerMilli) {
        this.maxBatch = maxBatch;
        this.delayMillis = delayMillis;
        this.lambdaPerMilli = lambdaPerMilli;
        batchSizeProbability = batchSizeProbabilities(maxBatch, delayMillis, lambdaPerMilli);
        meanBatch = mean(batchSizeProbability);
        double horizon = fillHorizonMillis();
        fillStep = horizon / FILL_STEPS;
        stillFilling = new double[horizon > 0 ? FILL_STEPS : 0];
        for (int i = 0; i < stillFilling.length; i++) {
            stillFilling[i] = Poisson.cdf(lambdaPerMilli * (i + 0.5) * fillStep, maxBatch)[maxBatch - 2];
        }
    }

    /** E[K] alone, without the fill-time tables the latency model needs. */
    static double meanBatch(int maxBatch, double delayMillis, double lambdaPerMilli) {
        return mean(batchSizeProbabilities(maxBatch, delayMillis, lambdaPerMilli));
    }

    /** P(K = k) at index k = 1..b: K = min(b, 1 + N(D)). */
    private static double[] batchSizeProbabilities(int maxBatch, double delayMillis, double lambdaPerMilli) {
        double[] probability = new double[maxBatch + 1];
        double[] pmf = Poisson.pmf(lambdaPerMilli * delayMillis, maxBatch);
        double below = 0;
        for (int k = 1; k < maxBatch; k++) {
            probability[k] = pmf[k - 1];
            below += pmf[k - 1];
        }
        probability[maxBatch] = Math.max(0, 1 - below);
        return probability;
    }

    private static double mean(double[] batchSizeProbability) {
        double mean = 0;
        for (int k = 1; k < batchSizeProbability.length; k++) {
            mean += k * batchSizeProbability[k];
        }
        return mean;
    }

    int maxBatch() {
        return maxBatch;
    }

    double delayMillis() {
        return delayMillis;
    }

    double meanBatch() {
        return meanBatch;
    }

    /** P(K = k), the share of batches that carry k samples. */
    double batchSizeProbability(int k) {
        return batchSizeProbability[k];
    }

    /** The share of samples that ride in a batch of k (size-biased). */
    double sampleShareInBatchOf(int k) {
        return k * batchSizeProbability[k] / meanBatch;
    }

    /** Batches per ms. */
    double batchRatePerMilli() {
        return lambdaPerMilli / meanBatch;
    }

    /**
     * P(F > t) for a random sample's wait F until its batch is dispatched. Counts, per batch, the samples still
     * waiting at t: the first waits while fewer than b-1 more arrived and t < D; the j-th (2 <= j < b) arrived by
     * D - t and still waits while fewer than b-j arrived after it. Divided by E[K] to weigh samples, not batches.
     * At t = D the value is the atom of first samples whose batch timed out (the caller treats t > D as zero).
     */
    double fillWaitTail(double t) {
        if (maxBatch == 1 || t > delayMillis) {
            return 0;
        }
        double[] afterT = Poisson.cdf(lambdaPerMilli * t, maxBatch);
        double[] beforeDeadline = Poisson.cdf(lambdaPerMilli * (delayMillis - t), maxBatch);
        double waiting = afterT[maxBatch - 2];
        for (int j = 2; j <= maxBatch - 1; j++) {
            double arrivedInTime = 1 - (j - 2 >= 0 ? beforeDeadline[j - 2] : 0);
            waiting += arrivedInTime * afterT[maxBatch - j - 1];
        }
        return Math.min(1, waiting / meanBatch);
    }

    /** A time by which practically every batch has closed: D, or earlier if b samples come much sooner. */
    double fillHorizonMillis() {
        if (maxBatch == 1) {
            return 0;
        }
        double n = maxBatch - 1;
        double gammaQuantile = (n + 5 * Math.sqrt(n) + 12) / lambdaPerMilli;
        return Math.min(delayMillis, gammaQuantile);
    }

    /**
     * Squared coefficient of variation of the time between dispatches: an exponential gap before a batch's first
     * sample plus its fill time tau = min(D, Gamma(b-1, lambda)), E[tau] = (E[K]-1)/lambda by Wald's identity.
     */
    double interDispatchScv() {
        double meanGap = meanBatch / lambdaPerMilli;
        double secondMomentOfFill = 0;
        for (int i = 0; i < stillFilling.length; i++) {
            secondMomentOfFill += 2 * (i + 0.5) * fillStep * stillFilling[i] * fillStep;
        }
        double meanFill = (meanBatch - 1) / lambdaPerMilli;
        double variance = 1 / (lambdaPerMilli * lambdaPerMilli) + Math.max(0, secondMomentOfFill - meanFill * meanFill);
        return variance / (meanGap * meanGap);
    }

    /** E[exp(-theta A)] of the time A between dispatches: lambda/(lambda+theta) E[exp(-theta tau)]. */
    double interDispatchTransform(double theta) {
        double fill = 1;
        double discount = Math.exp(-theta * 0.5 * fillStep);
        double perStep = Math.exp(-theta * fillStep);
        for (int i = 0; i < stillFilling.length; i++) {
            fill -= theta * discount * stillFilling[i] * fillStep;
            discount *= perStep;
        }
        return lambdaPerMilli / (lambdaPerMilli + theta) * Math.max(0, fill);
    }
}
