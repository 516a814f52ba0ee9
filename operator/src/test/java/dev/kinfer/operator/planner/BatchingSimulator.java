package dev.kinfer.operator.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of one pod: seeded Poisson arrivals, the runtime's batcher rule (dispatch at b samples
 * or D ms after the batch's first sample), a FIFO queue of batches and c identical workers. Call times are drawn
 * from a shifted exponential matching the measured mean (w*k/throughput) and p99/p50 at the batch size, interpolated
 * linearly between the profile's measured batches by this class itself, independently of the planner's code.
 * Optionally each sample's latency grows by a request overhead drawn from a shifted exponential through a given
 * median and p99, independently of everything else.
 */
final class BatchingSimulator {

    private static final double BIN_MILLIS = 0.005;
    private static final int BINS = 400_000;

    private final List<ProfilePoint> measured;
    private final int workersPerProcess;
    private final double overheadShift;
    private final double overheadMean;

    BatchingSimulator(ModelProfile profile, int workersPerProcess) {
        this(profile, workersPerProcess, 0, 0);
    }

    /** With a request overhead whose median and p99 are given (p99 >= median >= p99 ln2 / ln100). */
    BatchingSimulator(ModelProfile profile, int workersPerProcess, double overheadP50, double overheadP99) {
        this.workersPerProcess = workersPerProcess;
        // shift + m ln2 = p50 and shift + m ln100 = p99
        this.overheadMean = (overheadP99 - overheadP50) / (Math.log(100) - Math.log(2));
        this.overheadShift = overheadP50 - overheadMean * Math.log(2);
        if (overheadShift < -1e-12) {
            throw new IllegalArgumentException("an overhead p99 this far above its median needs a negative shift");
        }
        this.measured = profile.points().stream().filter(p -> p.workers() == workersPerProcess)
                .sorted(Comparator.comparingInt(ProfilePoint::batch)).toList();
        if (measured.isEmpty()) {
            throw new IllegalArgumentException("no measured points for " + workersPerProcess + " workers");
        }
    }

    /** Result of one run: per-sample latency p99 and the measured worker utilisation. */
    record Result(double p99Millis, double utilisation, double meanBatch, long samples) {
    }

    Result run(int servers, int maxBatch, int delayMillis, double arrivalsPerSecond, long seed, long minSamples,
               long minBatches) {
        SplittableRandom random = new SplittableRandom(seed);
        double lambda = arrivalsPerSecond / 1000.0;
        double[] freeAt = new double[servers];
        long[] histogram = new long[BINS + 1];
        double overflowMax = 0;
        long warmup = Math.max(minSamples, minBatches) / 20;
        long samples = 0;
        long batches = 0;
        double busy = 0;
        double t = exponential(random, lambda);
        List<Double> open = new ArrayList<>(maxBatch);
        double nextArrival = t;
        while (samples < minSamples || batches < minBatches) {
            // Open a batch at the next arrival and collect until it is full or its delay has passed.
            open.clear();
            double first = nextArrival;
            open.add(first);
            double deadline = first + delayMillis;
            double dispatch = first;
            nextArrival = first + exponential(random, lambda);
            while (open.size() < maxBatch) {
                if (nextArrival > deadline) {
                    dispatch = deadline;
                    break;
                }
                open.add(nextArrival);
                dispatch = nextArrival;
                nextArrival += exponential(random, lambda);
            }
            int worker = 0;
            for (int i = 1; i < servers; i++) {
                if (freeAt[i] < freeAt[worker]) {
                    worker = i;
                }
            }
            double start = Math.max(dispatch, freeAt[worker]);
            double call = callMillis(random, open.size());
            freeAt[worker] = start + call;
            batches++;
            for (double arrival : open) {
                samples++;
                if (samples > warmup) {
                    double latency = freeAt[worker] - arrival + overheadShift
                            + (overheadMean > 0 ? exponential(random, 1 / overheadMean) : 0);
                    int bin = (int) (latency / BIN_MILLIS);
                    if (bin >= BINS) {
                        overflowMax = Math.max(overflowMax, latency);
                        bin = BINS;
                    }
                    histogram[bin]++;
                }
            }
            busy += call;
        }
        long counted = samples - warmup;
        double elapsed = nextArrival;
        return new Result(percentile(histogram, counted, 0.99, overflowMax), busy / (servers * elapsed),
                (double) samples / batches, counted);
    }

    private static double percentile(long[] histogram, long count, double q, double overflowMax) {
        long rank = (long) Math.ceil(q * count);
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return i == BINS ? overflowMax : (i + 0.5) * BIN_MILLIS;
            }
        }
        return overflowMax;
    }

    private double callMillis(SplittableRandom random, int k) {
        double mean = interpolate(k, true);
        double ratio = Math.min(6.0, Math.max(1.0, interpolate(k, false)));
        // shift + m = mean, shift + m ln100 = ratio (shift + m ln2): the p50/p99 spread of the profile.
        double m = mean * (ratio - 1) / (Math.log(100) - 1 + ratio * (1 - Math.log(2)));
        return mean - m + exponential(random, 1 / Math.max(m, 1e-12)) * (m > 0 ? 1 : 0);
    }

    private double interpolate(int k, boolean meanCallTime) {
        ProfilePoint lo = measured.get(0);
        if (k <= lo.batch() || measured.size() == 1) {
            return value(lo, meanCallTime);
        }
        for (int i = 1; i < measured.size(); i++) {
            ProfilePoint hi = measured.get(i);
            if (k <= hi.batch() || i == measured.size() - 1) {
                double f = (double) (k - lo.batch()) / (hi.batch() - lo.batch());
                return value(lo, meanCallTime) + f * (value(hi, meanCallTime) - value(lo, meanCallTime));
            }
            lo = hi;
        }
        throw new AssertionError("unreachable");
    }

    private double value(ProfilePoint p, boolean meanCallTime) {
        return meanCallTime ? 1000.0 * workersPerProcess * p.batch() / p.throughputPerSecond()
                : p.p99Millis() / p.p50Millis();
    }

    private static double exponential(SplittableRandom random, double rate) {
        return -Math.log(1 - random.nextDouble()) / rate;
    }
}
