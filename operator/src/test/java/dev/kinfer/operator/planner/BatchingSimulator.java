package dev.kinfer.operator.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A discrete-event simulation of one pod: seeded Poisson arrivals, the runtime's batcher rule (dispatch at b samples
 * or D ms after the batch's first sample, batches formed apart from the workers; {@code JobQueue}), a FIFO queue of
 * batches and c identical workers. Call times are drawn
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
        Tally tally = new Tally(Math.max(minSamples, minBatches) / 20);
        long batches = 0;
        double busy = 0;
        double t = exponential(random, lambda);
        List<Double> open = new ArrayList<>(maxBatch);
        double nextArrival = t;
        while (tally.samples < minSamples || batches < minBatches) {
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
                tally.add(random, freeAt[worker] - arrival);
            }
            busy += call;
        }
        double elapsed = nextArrival;
        return new Result(tally.p99(), busy / (servers * elapsed), (double) tally.samples / batches, tally.counted());
    }

    /**
     * The same pod with the batcher the runtime had before it formed batches apart from the workers (kept to show why
     * it changed, {@link SimulatorAgreementTest}): a worker that comes free takes the oldest queued request and, with
     * it, every queued request up to b samples; it
     * dispatches at once when that fills the batch or the oldest arrived D ms ago or more, else it gathers arrivals
     * until either holds. An arrival goes to an idle worker first (which opens a batch of its own), then to the worker
     * that has been gathering longest, then to the queue. Under load batches thus grow with the queue, up to b; at
     * low load with several idle workers they split.
     */
    Result runWorkerPull(int servers, int maxBatch, int delayMillis, double arrivalsPerSecond, long seed,
                         long minSamples, long minBatches) {
        SplittableRandom random = new SplittableRandom(seed);
        double lambda = arrivalsPerSecond / 1000.0;
        Pull pull = new Pull(servers, maxBatch, delayMillis, new Tally(Math.max(minSamples, minBatches) / 20), random);
        double nextArrival = exponential(random, lambda);
        while (pull.tally.samples < minSamples || pull.batches < minBatches) {
            int next = -1;
            for (int w = 0; w < servers; w++) {
                if (pull.state[w] != Pull.IDLE && (next < 0 || pull.until[w] < pull.until[next])) {
                    next = w;
                }
            }
            if (next < 0 || nextArrival <= pull.until[next]) {
                pull.arrive(nextArrival);
                nextArrival += exponential(random, lambda);
            } else if (pull.state[next] == Pull.GATHERING) {
                pull.dispatch(next, pull.until[next]);
            } else {
                pull.free(next, pull.until[next]);
            }
        }
        return new Result(pull.tally.p99(), pull.busy / (servers * nextArrival),
                (double) pull.tally.samples / pull.batches, pull.tally.counted());
    }

    /** The workers, the queue and the tallies of {@link #runWorkerPull}. */
    private final class Pull {
        static final int IDLE = 0;
        static final int GATHERING = 1;
        static final int BUSY = 2;

        final int[] state;
        /** When a busy worker's call ends, or when a gathering worker's batch is due. */
        final double[] until;
        final double[] gatheringSince;
        final List<List<Double>> batch = new ArrayList<>();
        final java.util.ArrayDeque<Integer> idle = new java.util.ArrayDeque<>();
        final java.util.ArrayDeque<Double> queue = new java.util.ArrayDeque<>();
        final int maxBatch;
        final int delayMillis;
        final Tally tally;
        final SplittableRandom random;
        long batches;
        double busy;

        Pull(int servers, int maxBatch, int delayMillis, Tally tally, SplittableRandom random) {
            this.state = new int[servers];
            this.until = new double[servers];
            this.gatheringSince = new double[servers];
            this.maxBatch = maxBatch;
            this.delayMillis = delayMillis;
            this.tally = tally;
            this.random = random;
            for (int w = 0; w < servers; w++) {
                batch.add(new ArrayList<>(maxBatch));
                idle.add(w);
            }
        }

        void arrive(double t) {
            if (!idle.isEmpty()) {
                int w = idle.poll();
                batch.get(w).add(t);
                gatherOrDispatch(w, t);
                return;
            }
            int longest = -1;
            for (int w = 0; w < state.length; w++) {
                if (state[w] == GATHERING && (longest < 0 || gatheringSince[w] < gatheringSince[longest])) {
                    longest = w;
                }
            }
            if (longest < 0) {
                queue.add(t);
                return;
            }
            batch.get(longest).add(t);
            if (batch.get(longest).size() >= maxBatch) {
                dispatch(longest, t);
            }
        }

        /** A worker came free: it takes the oldest queued request and what fits with it, or waits idle. */
        void free(int w, double t) {
            if (queue.isEmpty()) {
                state[w] = IDLE;
                idle.add(w);
                return;
            }
            List<Double> taken = batch.get(w);
            while (taken.size() < maxBatch && !queue.isEmpty()) {
                taken.add(queue.poll());
            }
            gatherOrDispatch(w, t);
        }

        private void gatherOrDispatch(int w, double t) {
            List<Double> taken = batch.get(w);
            double due = taken.get(0) + delayMillis;
            if (taken.size() >= maxBatch || due <= t) {
                dispatch(w, t);
            } else {
                state[w] = GATHERING;
                until[w] = due;
                gatheringSince[w] = t;
            }
        }

        void dispatch(int w, double t) {
            List<Double> taken = batch.get(w);
            double call = callMillis(random, taken.size());
            double done = t + call;
            for (double arrival : taken) {
                tally.add(random, done - arrival);
            }
            taken.clear();
            batches++;
            busy += call;
            state[w] = BUSY;
            until[w] = done;
        }
    }

    /** Sample latencies after the warm-up, binned, each with the request overhead drawn for it. */
    private final class Tally {
        final long warmup;
        final long[] histogram = new long[BINS + 1];
        double overflowMax;
        long samples;

        Tally(long warmup) {
            this.warmup = warmup;
        }

        void add(SplittableRandom random, double waitedAndServedMillis) {
            samples++;
            if (samples > warmup) {
                double latency = waitedAndServedMillis + overheadShift
                        + (overheadMean > 0 ? exponential(random, 1 / overheadMean) : 0);
                int bin = (int) (latency / BIN_MILLIS);
                if (bin >= BINS) {
                    overflowMax = Math.max(overflowMax, latency);
                    bin = BINS;
                }
                histogram[bin]++;
            }
        }

        long counted() {
            return samples - warmup;
        }

        double p99() {
            return percentile(histogram, counted(), 0.99, overflowMax);
        }
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
