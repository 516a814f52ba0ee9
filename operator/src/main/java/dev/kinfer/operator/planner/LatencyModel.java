package dev.kinfer.operator.planner;

/**
 * Predicts a pod's per-sample p99 latency = fill wait F + queueing wait W + call time S + request overhead O
 * (docs/planner.md).
 * F is exact for the batcher rule ({@link BatchFormation}). Batches queue FIFO for c workers; the wait is
 * P(W > t) = C e^{-theta t} with C from Erlang C and theta the decay rate of a single server c times as fast
 * (the root of E[e^{theta S/c}] E[e^{-theta A}] = 1, exact for M/M/c and for one server). S is the call time of the
 * sample's own batch: a mixture over batch sizes, replaced by a shifted exponential with the mixture's mean and p99.
 * O, what the host adds to a request, is a shifted exponential (a constant when only its median is known). F, W, S
 * and O are taken as independent and the p99 of their sum is solved numerically.
 */
final class LatencyModel {

    private static final double TAIL = 0.01;

    /** No request overhead: the model's calls alone. */
    static final ShiftedExponential NO_OVERHEAD = new ShiftedExponential(0, 0);

    private LatencyModel() {
    }

    /**
     * @param curve   call times of one process with curve.workers() workers
     * @param servers workers behind the pod's queue (processes per pod x workers per process)
     * @param lambdaPerMilli samples per ms arriving at the pod
     */
    static LatencyPrediction predict(ServiceCurve curve, int servers, int maxBatch, int delayMillis,
                                     double lambdaPerMilli) {
        return predict(curve, servers, maxBatch, delayMillis, lambdaPerMilli, 1);
    }

    /** As above, but above utilisationLimit the p99 is not computed (reported infinite): a cheap screen. */
    static LatencyPrediction predict(ServiceCurve curve, int servers, int maxBatch, int delayMillis,
                                     double lambdaPerMilli, double utilisationLimit) {
        return predict(curve, servers, maxBatch, delayMillis, lambdaPerMilli, utilisationLimit, NO_OVERHEAD);
    }

    /** As above, with every sample's latency growing by the request overhead. */
    static LatencyPrediction predict(ServiceCurve curve, int servers, int maxBatch, int delayMillis,
                                     double lambdaPerMilli, double utilisationLimit, ShiftedExponential overhead) {
        return predict(curve, servers, maxBatch, delayMillis, lambdaPerMilli, utilisationLimit, rho -> overhead);
    }

    /** As above, with an overhead that depends on the workers' utilisation (a host whose cores they share). */
    static LatencyPrediction predict(ServiceCurve curve, int servers, int maxBatch, int delayMillis,
                                     double lambdaPerMilli, double utilisationLimit,
                                     java.util.function.DoubleFunction<ShiftedExponential> overheadAtUtilisation) {
        return predict(curve, servers, maxBatch, delayMillis, lambdaPerMilli, utilisationLimit, overheadAtUtilisation,
                Queueing.MEASURED_CALLS);
    }

    /**
     * How a batch's wait for a worker is modelled. {@link #MEASURED_CALLS}: GI/G/c with the calls' own spread (the
     * Lundberg decay of the measured call times, Allen-Cunneen-KLB mean), which the simulator checks. {@link
     * #CONTENDED_CORES}: M/M/c, the wait a queue has whose workers finish as if their calls were exponential; taken on
     * a CPU-only pod, where the workers share the cores with request handling and with each other and the measured
     * waits behaved so (docs/planner.md, "Queueing on a CPU pod").
     */
    enum Queueing { MEASURED_CALLS, CONTENDED_CORES }

    /** As above, with the wait modelled as {@code queueing} says. */
    static LatencyPrediction predict(ServiceCurve curve, int servers, int maxBatch, int delayMillis,
                                     double lambdaPerMilli, double utilisationLimit,
                                     java.util.function.DoubleFunction<ShiftedExponential> overheadAtUtilisation,
                                     Queueing queueing) {
        return predict(curve, servers, maxBatch, delayMillis, lambdaPerMilli, utilisationLimit, overheadAtUtilisation,
                queueing, SpeedDrift.NONE);
    }

    /**
     * As above; with {@link Queueing#MEASURED_CALLS} the wait sees the calls' spread plus what the speed drift adds at
     * the queue's time scale ({@link SpeedDrift#timeScaleMillis}, rho times the pooled server's relaxation time):
     * each batch call's squared coefficient of variation grows by {@link SpeedDrift#extraScv} (at most to 1, an
     * exponential call, which a shifted exponential cannot exceed), for the Allen-Cunneen mean and the Lundberg decay
     * alike. The sample's own call keeps its measured spread.
     */
    static LatencyPrediction predict(ServiceCurve curve, int servers, int maxBatch, int delayMillis,
                                     double lambdaPerMilli, double utilisationLimit,
                                     java.util.function.DoubleFunction<ShiftedExponential> overheadAtUtilisation,
                                     Queueing queueing, SpeedDrift drift) {
        BatchFormation formation = new BatchFormation(maxBatch, delayMillis, lambdaPerMilli);
        ShiftedExponential[] calls = new ShiftedExponential[maxBatch + 1];
        double batchMean = 0;
        for (int k = 1; k <= maxBatch; k++) {
            calls[k] = ShiftedExponential.fromMeanAndTailRatio(curve.meanServiceMillis(k), curve.tailRatio(k));
            batchMean += formation.batchSizeProbability(k) * calls[k].mean();
        }
        double offeredLoad = formation.batchRatePerMilli() * batchMean;
        double utilisation = offeredLoad / servers;
        if (utilisation >= Math.min(1, utilisationLimit + 1e-12)) {
            return LatencyPrediction.overloaded(utilisation, formation.meanBatch());
        }
        double erlangC = ErlangC.probabilityOfWaiting(servers, offeredLoad);
        if (queueing == Queueing.CONTENDED_CORES) {
            // M/M/c: a batch waits with probability C, and then for Exp(c mu - lambda_b)
            double decay = servers / batchMean - formation.batchRatePerMilli();
            return tailPrediction(formation, calls, erlangC, decay, overheadAtUtilisation.apply(utilisation),
                    utilisation, erlangC);
        }
        ShiftedExponential[] waitCalls = drifting(calls, drift.extraScv(servers, batchMean,
                SpeedDrift.timeScaleMillis(utilisation, batchMean, servers)));
        double waitDecay = WaitDecay.solve(formation, waitCalls, servers);
        double batchSecondMoment = 0;
        for (int k = 1; k <= maxBatch; k++) {
            double m = waitCalls[k].mean();
            batchSecondMoment += formation.batchSizeProbability(k) * (waitCalls[k].variance() + m * m);
        }
        double serviceScv = batchSecondMoment / (batchMean * batchMean) - 1;
        // Allen-Cunneen mean wait with the Kraemer/Langenbach-Belz factor (regular dispatches wait less than
        // Kingman says); the prefactor makes C' / theta equal to it.
        double arrivalScv = formation.interDispatchScv();
        double meanWait = erlangC * batchMean / (servers * (1 - utilisation)) * (arrivalScv + serviceScv) / 2
                * klbFactor(utilisation, arrivalScv, serviceScv);
        double waitProbability = Math.min(1, waitDecay * meanWait);
        return tailPrediction(formation, calls, waitProbability, waitDecay, overheadAtUtilisation.apply(utilisation),
                utilisation, erlangC);
    }

    /** The calls with {@code extraScv} added to each one's squared coefficient of variation, at most 1; the same mean. */
    private static ShiftedExponential[] drifting(ShiftedExponential[] calls, double extraScv) {
        if (extraScv <= 0) {
            return calls;
        }
        ShiftedExponential[] out = new ShiftedExponential[calls.length];
        for (int k = 1; k < calls.length; k++) {
            double mean = calls[k].mean();
            double scv = Math.min(1, calls[k].variance() / (mean * mean) + extraScv);
            double exponential = mean * Math.sqrt(scv);
            out[k] = new ShiftedExponential(mean - exponential, exponential);
        }
        return out;
    }

    /** The p99 of F + W + S + O with P(W > t) = waitProbability e^{-waitDecay t}. */
    private static LatencyPrediction tailPrediction(BatchFormation formation, ShiftedExponential[] calls,
                                                    double waitProbability, double waitDecay,
                                                    ShiftedExponential overhead, double utilisation, double erlangC) {
        ShiftedExponential ownCall = ownBatchCall(formation, calls);
        // A constant overhead moves every quantile by itself; only one with an exponential part enters the tail.
        boolean constant = overhead.exponentialMeanMillis() <= 0;
        Tail tail = new Tail(formation, waitProbability, waitDecay, ownCall, constant ? NO_OVERHEAD : overhead);
        return new LatencyPrediction(tail.quantile(1 - TAIL), utilisation, formation.meanBatch(), erlangC)
                .plus(constant ? overhead.shiftMillis() : 0);
    }

    /** Kraemer and Langenbach-Belz's correction of the Allen-Cunneen mean wait for GI/G/c. */
    static double klbFactor(double utilisation, double arrivalScv, double serviceScv) {
        double sum = Math.max(arrivalScv + serviceScv, 1e-9);
        if (arrivalScv <= 1) {
            return Math.exp(-2 * (1 - utilisation) * Math.pow(1 - arrivalScv, 2) / (3 * utilisation * sum));
        }
        return Math.exp(-(1 - utilisation) * (arrivalScv - 1) / (arrivalScv + 4 * serviceScv));
    }

    /**
     * The call time a random sample sees: its batch is of size k with the size-biased probability k P(K=k)/E[K].
     * A single shifted exponential with the mixture's mean and p99 keeps the spread that varying batch sizes add.
     */
    private static ShiftedExponential ownBatchCall(BatchFormation formation, ShiftedExponential[] calls) {
        double mean = 0;
        double lo = Double.MAX_VALUE;
        double hi = 0;
        for (int k = 1; k < calls.length; k++) {
            double share = formation.sampleShareInBatchOf(k);
            mean += share * calls[k].mean();
            if (share > 1e-12) {
                lo = Math.min(lo, calls[k].shiftMillis());
                hi = Math.max(hi, calls[k].quantile(0.9999));
            }
        }
        for (int i = 0; i < 60; i++) {
            double mid = (lo + hi) / 2;
            double exceeds = 0;
            for (int k = 1; k < calls.length; k++) {
                exceeds += formation.sampleShareInBatchOf(k) * calls[k].exceeds(mid);
            }
            if (exceeds > TAIL) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return ShiftedExponential.fromMeanAndQuantile99(mean, hi);
    }

    /** P(F + W + S + O > t) on a grid over the fill wait, with W + S + O in closed form. */
    private static final class Tail {
        private static final int FILL_STEPS = 160;
        private final double[] fillAt;
        private final double[] fillMass;
        private final double waitProbability;
        private final double waitDecay;
        private final double shift;
        private final double callDecay;
        /** The overhead's exponential rate; 0 when the overhead is a constant (then it is only in the shift). */
        private final double overheadDecay;

        Tail(BatchFormation formation, double waitProbability, double waitDecay, ShiftedExponential call,
             ShiftedExponential overhead) {
            this.waitProbability = waitProbability;
            this.waitDecay = waitDecay;
            this.shift = call.shiftMillis() + overhead.shiftMillis();
            this.callDecay = 1 / Math.max(call.exponentialMeanMillis(), 1e-9);
            this.overheadDecay = overhead.exponentialMeanMillis() > 0 ? 1 / overhead.exponentialMeanMillis() : 0;
            double horizon = formation.fillHorizonMillis();
            int steps = horizon > 0 ? FILL_STEPS : 0;
            fillAt = new double[steps + 2];
            fillMass = new double[steps + 2];
            double previous = formation.fillWaitTail(0);
            fillAt[0] = 0;
            fillMass[0] = 1 - previous;
            double h = steps > 0 ? horizon / steps : 0;
            for (int i = 1; i <= steps; i++) {
                double t = i * h;
                double current = formation.fillWaitTail(t);
                fillAt[i] = t - h / 2;
                fillMass[i] = Math.max(0, previous - current);
                previous = current;
            }
            // What is left at the horizon: the first samples of batches that timed out wait exactly D.
            fillAt[steps + 1] = horizon;
            fillMass[steps + 1] = previous;
        }

        double exceeds(double t) {
            double sum = 0;
            for (int i = 0; i < fillAt.length; i++) {
                if (fillMass[i] > 0) {
                    sum += fillMass[i] * waitPlusCallExceeds(t - shift - fillAt[i]);
                }
            }
            return sum;
        }

        /**
         * P(W + X + Y > y), X the exponential part of the call and Y the overhead's: sums of independent
         * exponentials (hypoexponential tails), with W only when the sample waits.
         */
        private double waitPlusCallExceeds(double y) {
            if (y <= 0) {
                return 1;
            }
            if (overheadDecay > 0) {
                return (1 - waitProbability) * Hypoexponential.exceeds(y, callDecay, overheadDecay)
                        + waitProbability * Hypoexponential.exceeds(y, waitDecay, callDecay, overheadDecay);
            }
            return (1 - waitProbability) * Math.exp(-callDecay * y)
                    + waitProbability * Hypoexponential.exceeds(y, waitDecay, callDecay);
        }

        double quantile(double q) {
            double target = 1 - q;
            double hi = Math.max(1e-3, shift + fillAt[fillAt.length - 1] + 1 / callDecay
                    + (overheadDecay > 0 ? 1 / overheadDecay : 0));
            while (exceeds(hi) > target) {
                hi *= 2;
            }
            double lo = 0;
            for (int i = 0; i < 50 && hi - lo > 1e-6 * hi; i++) {
                double mid = (lo + hi) / 2;
                if (exceeds(mid) > target) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return hi;
        }
    }
}
