package dev.kinfer.e2e.load;

import dev.kinfer.common.load.OpenLoop;
import dev.kinfer.common.load.PoissonArrivals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load with Poisson arrivals: request i is due at the i-th point of a Poisson process of the given rate,
 * whatever the server does; a free connection takes the oldest due request. Each period's arrivals are a Poisson
 * process conditioned on its count being the expected one ({@link PoissonArrivals}). The requests go out through
 * {@link OpenLoop}: one pacing thread and one selector thread for all connections, the client the runtime's profile
 * command measures its overhead tail with.
 *
 * <p>As in {@link LoadGenerator#openLoop}, latency counts from the due time, so time spent waiting for a free
 * connection is measured (no coordinated omission); {@link Result} also has it from each send. Use enough connections
 * that one is nearly always free, or the client, not the server, shapes the arrivals the server sees.
 *
 * <p>{@link LoadGenerator#openLoop} paces at a fixed interval (deterministic arrivals); this class exists because
 * the capacity planner's latency model assumes Poisson arrivals per pod, and checking it needs exactly those.
 */
public final class PoissonLoad {
    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);

    /**
     * A measured run: the usual result (latency from each request's due time; its seconds run to the last answer, so a
     * server that fell behind shows a lower throughput) plus how many requests the arrival process made due within the
     * window of {@code windowSeconds}, and the client's side of it: each request's start lag (due time to the moment a
     * connection began to send it), its latency from that moment (the answer's wait once sent), both in
     * microseconds, and the measured period's open loop (requests made due, the most connections busy at once). While
     * that peak stays below the connections, no request ever waited for a connection, so a start lag is the client's
     * own delay (its threads waiting for a core), not the server's backlog.
     */
    public record Result(LoadResult load, OpenLoop.Outcome window, long answeredInWindow, double windowSeconds,
                         Histogram startLagMicros, Histogram fromSendMicros) {
        /** Requests the arrival process made due in the measured period. */
        public long offered() {
            return window.offered();
        }

        /** The most connections busy at once in the measured period. */
        public int peakBusyConnections() {
            return window.peakBusy();
        }

        /** Samples per second the arrival process offered (its realised rate, not the nominal one). */
        public double offeredSamplesPerSecond() {
            return offered() * (double) load.samplesPerRequest() / windowSeconds;
        }

        /** Samples per second answered (200) within the window: what the server carried while the load lasted. */
        public double carriedSamplesPerSecond() {
            return answeredInWindow * (double) load.samplesPerRequest() / windowSeconds;
        }

        /** Whether every request found a free connection ({@link OpenLoop.Outcome#neverShortOfConnections}). */
        public boolean neverShortOfConnections() {
            return window.neverShortOfConnections();
        }
    }

    private PoissonLoad() {
    }

    /**
     * A warm-up period (not recorded), then the measured period. Requests still in flight when a period ends are
     * awaited and counted; the returned seconds run from the period's start to the last answer.
     */
    public static Result run(Target target, double requestsPerSecond, int connections, Duration warmUp, Duration measure,
                             long seed) throws Exception {
        return run(target, requestsPerSecond, connections, warmUp, measure, seed, () -> { });
    }

    /**
     * As {@link #run(Target, double, int, Duration, Duration, long)}, calling {@code beforeWindow} once the warm-up's
     * requests have all been answered and before the measured period's first is due (to read the server's counters).
     */
    public static Result run(Target target, double requestsPerSecond, int connections, Duration warmUp, Duration measure,
                             long seed, Runnable beforeWindow) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        period(target, requestsPerSecond, connections, warmUp, random, new Tally());
        beforeWindow.run();
        Tally tally = new Tally();
        OpenLoop.Outcome window = period(target, requestsPerSecond, connections, measure, random, tally);
        LoadResult result = new LoadResult(String.format("poisson@%.1f/s", requestsPerSecond), connections,
                window.seconds(), tally.ok.get(), tally.errors.get(), target.samples(),
                tally.fromDue.getIntervalHistogram());
        return new Result(result, window, tally.inWindow.get(), measure.toNanos() / 1e9,
                tally.startLag.getIntervalHistogram(), tally.fromSend.getIntervalHistogram());
    }

    /** What one period counts; the open loop's selector thread writes it, the caller reads it after the period. */
    private static final class Tally {
        final Recorder fromDue = new Recorder(MAX_LATENCY_MICROS, 3);
        final Recorder fromSend = new Recorder(MAX_LATENCY_MICROS, 3);
        final Recorder startLag = new Recorder(MAX_LATENCY_MICROS, 3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong inWindow = new AtomicLong();

        void sending(long dueAt, long now) {
            startLag.recordValue(micros(now - dueAt));
        }

        void answered(int status, long dueAt, long sentAt, long now, boolean withinWindow) {
            if (status == 200) {
                ok.incrementAndGet();
                if (withinWindow) {
                    inWindow.incrementAndGet();
                }
                fromDue.recordValue(Math.max(1, micros(now - dueAt)));
                fromSend.recordValue(Math.max(1, micros(now - sentAt)));
            } else {
                errors.incrementAndGet();
            }
        }

        private static long micros(long nanos) {
            return Math.min(Math.max(nanos / 1000, 0), MAX_LATENCY_MICROS);
        }
    }

    private static OpenLoop.Outcome period(Target target, double rate, int connections, Duration duration, SplittableRandom random,
                                 Tally tally) throws Exception {
        long[] offsets = PoissonArrivals.conditioned(rate, duration.toNanos(), random); // before the clock: a sort takes time
        InetSocketAddress server = new InetSocketAddress(target.uri().getHost(), target.uri().getPort());
        try (OpenLoop loop = OpenLoop.connect(server, LoadGenerator.requestBytes(target), connections)) {
            long start = System.nanoTime();
            long until = start + duration.toNanos();
            OpenLoop.Outcome outcome = loop.run(start, offsets, new OpenLoop.Listener() {
                @Override
                public void sent(long dueNanos, long sentNanos) {
                    tally.sending(dueNanos, sentNanos);
                }

                @Override
                public void answered(int status, long dueNanos, long sentNanos, long answeredNanos) {
                    tally.answered(status, dueNanos, sentNanos, answeredNanos, answeredNanos - until < 0);
                }

                @Override
                public void failed(IOException error) {
                    tally.errors.incrementAndGet();
                }
            }, Duration.ofSeconds(60));
            tally.errors.addAndGet(outcome.unsent());
            return outcome;
        }
    }
}
