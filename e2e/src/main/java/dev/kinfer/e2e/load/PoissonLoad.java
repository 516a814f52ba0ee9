package dev.kinfer.e2e.load;

import dev.kinfer.common.load.OpenLoop;
import dev.kinfer.common.load.PoissonArrivals;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
     * A warm-up (not recorded), then the measured period, as one stream of arrivals: the window's first requests find
     * the backlog the warm-up left, as they would on a pod that has been taking this traffic for a while. (Before,
     * the warm-up's requests were all answered before the window began, so every window started from an empty queue:
     * near saturation, where a queue takes many seconds to reach its steady state, that made a window's p99 lower than
     * the steady state's, see docs/planner.md.) Requests still in flight when the window ends are awaited and counted;
     * the returned seconds run from the window's start to the last answer. An error during the warm-up counts too.
     */
    public static Result run(Target target, double requestsPerSecond, int connections, Duration warmUp, Duration measure,
                             long seed) throws Exception {
        return run(target, requestsPerSecond, connections, warmUp, measure, seed, () -> { });
    }

    /**
     * As {@link #run(Target, double, int, Duration, Duration, long)}, calling {@code beforeWindow} on a thread of its
     * own when the window's first request is due (to read the server's counters while the load goes on).
     */
    public static Result run(Target target, double requestsPerSecond, int connections, Duration warmUp, Duration measure,
                             long seed, Runnable beforeWindow) throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        long lead = warmUp.toNanos();
        long[] leadIn = PoissonArrivals.conditioned(requestsPerSecond, lead, random);
        long[] window = PoissonArrivals.conditioned(requestsPerSecond, measure.toNanos(), random);
        long[] offsets = new long[leadIn.length + window.length]; // before the clock: a sort takes time
        System.arraycopy(leadIn, 0, offsets, 0, leadIn.length);
        for (int i = 0; i < window.length; i++) {
            offsets[leadIn.length + i] = lead + window[i];
        }
        InetSocketAddress server = new InetSocketAddress(target.uri().getHost(), target.uri().getPort());
        Tally tally;
        OpenLoop.Outcome whole;
        try (OpenLoop loop = OpenLoop.connect(server, LoadGenerator.requestBytes(target), connections)) {
            long start = System.nanoTime();
            tally = new Tally(start + lead, start + lead + measure.toNanos());
            Thread counters = new Thread(() -> {
                long wait;
                while ((wait = tally.windowStart - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                beforeWindow.run();
            }, "poisson-load-window-start");
            counters.setDaemon(true);
            counters.start();
            whole = loop.run(start, offsets, tally, Duration.ofSeconds(60));
            counters.join();
        }
        tally.errors.addAndGet(whole.unsent());
        OpenLoop.Outcome measured = new OpenLoop.Outcome(window.length, tally.answered.get(), whole.unsent(),
                tally.peakBusy, connections, Math.max(0, whole.seconds() - lead / 1e9));
        LoadResult result = new LoadResult(String.format("poisson@%.1f/s", requestsPerSecond), connections,
                measured.seconds(), tally.ok.get(), tally.errors.get(), target.samples(),
                tally.fromDue.getIntervalHistogram());
        return new Result(result, measured, tally.inWindow.get(), measure.toNanos() / 1e9,
                tally.startLag.getIntervalHistogram(), tally.fromSend.getIntervalHistogram());
    }

    /**
     * What a run counts: the requests due in the window (those due earlier are the warm-up's), and every error. The
     * open loop's selector thread writes it, the caller reads it after the run.
     */
    private static final class Tally implements OpenLoop.Listener {
        final long windowStart;
        final long windowEnd;
        final Recorder fromDue = new Recorder(MAX_LATENCY_MICROS, 3);
        final Recorder fromSend = new Recorder(MAX_LATENCY_MICROS, 3);
        final Recorder startLag = new Recorder(MAX_LATENCY_MICROS, 3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong answered = new AtomicLong();
        final AtomicLong inWindow = new AtomicLong();
        /** The most connections busy when one of the window's requests went out. */
        volatile int peakBusy;

        Tally(long windowStart, long windowEnd) {
            this.windowStart = windowStart;
            this.windowEnd = windowEnd;
        }

        @Override
        public void sent(long dueNanos, long sentNanos, int busyConnections) {
            if (dueNanos >= windowStart) {
                peakBusy = Math.max(peakBusy, busyConnections);
                startLag.recordValue(micros(sentNanos - dueNanos));
            }
        }

        @Override
        public void answered(int status, long dueNanos, long sentNanos, long answeredNanos) {
            if (status != 200) {
                errors.incrementAndGet();
            }
            if (dueNanos < windowStart) {
                return;
            }
            answered.incrementAndGet();
            if (status == 200) {
                ok.incrementAndGet();
                if (answeredNanos - windowEnd < 0) {
                    inWindow.incrementAndGet();
                }
                fromDue.recordValue(Math.max(1, micros(answeredNanos - dueNanos)));
                fromSend.recordValue(Math.max(1, micros(answeredNanos - sentNanos)));
            }
        }

        @Override
        public void failed(IOException error) {
            errors.incrementAndGet();
        }

        private static long micros(long nanos) {
            return Math.min(Math.max(nanos / 1000, 0), MAX_LATENCY_MICROS);
        }
    }
}
