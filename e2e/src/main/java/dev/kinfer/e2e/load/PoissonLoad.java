package dev.kinfer.e2e.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * An open-loop load with Poisson arrivals: request i is due at the i-th point of a Poisson process of the given rate,
 * whatever the server does; a free connection takes the oldest due request. Each period's arrivals are a Poisson
 * process conditioned on its count being the expected one, rate x seconds (rounded): that many due times drawn
 * uniformly over the period from a seeded generator, in order. Locally they are Poisson arrivals (independent,
 * memoryless gaps of mean 1 / rate), but a period no longer offers its rate only on average: with free counts the
 * same seed offered a 40 s window 9-10 % above its nominal rate in two validation runs (13.1 and 13.6 requests/s for
 * 12.0 and 12.4), which is two standard deviations and moved the row's p99 as much as the planner's error.
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
    private static final long STOP = Long.MIN_VALUE;

    /**
     * A measured run: the usual result (latency from each request's due time; its seconds run to the last answer, so a
     * server that fell behind shows a lower throughput) plus how many requests the arrival process made due within the
     * window of {@code windowSeconds}, and the client's side of it: each request's start lag (due time to the moment a
     * connection began to send it), its latency from that moment (the answer's wait once sent), both in
     * microseconds, and the most connections busy at once. While that peak stays below the connections, no request
     * ever waited for a connection, so a start lag is the client's own delay (its threads waiting for a core), not
     * the server's backlog.
     */
    public record Result(LoadResult load, long offered, long answeredInWindow, double windowSeconds,
                         Histogram startLagMicros, Histogram fromSendMicros, int peakBusyConnections) {
        /** Samples per second the arrival process offered (its realised rate, not the nominal one). */
        public double offeredSamplesPerSecond() {
            return offered * (double) load.samplesPerRequest() / windowSeconds;
        }

        /** Samples per second answered (200) within the window: what the server carried while the load lasted. */
        public double carriedSamplesPerSecond() {
            return answeredInWindow * (double) load.samplesPerRequest() / windowSeconds;
        }

        /** Whether every request found a free connection: true when the peak stayed below the connections. */
        public boolean neverShortOfConnections() {
            return peakBusyConnections < load.connections();
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
        double seconds = period(target, requestsPerSecond, connections, measure, random, tally);
        LoadResult result = new LoadResult(String.format("poisson@%.1f/s", requestsPerSecond), connections, seconds,
                tally.ok.get(), tally.errors.get(), target.samples(), tally.fromDue.getIntervalHistogram());
        return new Result(result, tally.offered.get(), tally.inWindow.get(), measure.toNanos() / 1e9,
                tally.startLag.getIntervalHistogram(), tally.fromSend.getIntervalHistogram(), tally.peakBusy.get());
    }

    /** What one period counts; the connections' threads write it concurrently. */
    private static final class Tally {
        final Recorder fromDue = new Recorder(MAX_LATENCY_MICROS, 3);
        final Recorder fromSend = new Recorder(MAX_LATENCY_MICROS, 3);
        final Recorder startLag = new Recorder(MAX_LATENCY_MICROS, 3);
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong offered = new AtomicLong();
        final AtomicLong inWindow = new AtomicLong();
        final AtomicInteger busy = new AtomicInteger();
        final AtomicInteger peakBusy = new AtomicInteger();

        void sending(long dueAt, long now) {
            startLag.recordValue(micros(now - dueAt));
            peakBusy.accumulateAndGet(busy.incrementAndGet(), Math::max);
        }

        void answered(int status, long dueAt, long sentAt, long now, boolean withinWindow) {
            busy.decrementAndGet();
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

    /**
     * Due times (nanoseconds from the period's start) of a Poisson process of this rate over the period, given that
     * it made its expected number of arrivals: that many uniform points, sorted.
     */
    static long[] arrivals(double rate, Duration duration, SplittableRandom random) {
        long nanos = duration.toNanos();
        long count = Math.round(rate * nanos / 1e9);
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many arrivals: " + count);
        }
        long[] offsets = new long[(int) count];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = random.nextLong(nanos);
        }
        Arrays.sort(offsets);
        return offsets;
    }

    private static double period(Target target, double rate, int connections, Duration duration, SplittableRandom random,
                                 Tally tally) throws Exception {
        BlockingQueue<Long> due = new ArrayBlockingQueue<>(1 << 20);
        List<Thread> threads = new ArrayList<>();
        List<HttpConnection> opened = new ArrayList<>();
        long[] window = new long[2]; // start, end: set before the first request is due
        for (int i = 0; i < connections; i++) {
            opened.add(new HttpConnection(target)); // connect before the clock starts
        }
        for (int i = 0; i < connections; i++) {
            HttpConnection connection = opened.get(i);
            Thread thread = new Thread(() -> {
                try (connection) {
                    while (true) {
                        long dueAt = due.take();
                        if (dueAt == STOP) {
                            return;
                        }
                        long sentAt = System.nanoTime();
                        tally.sending(dueAt, sentAt);
                        int status = connection.exchange();
                        long now = System.nanoTime();
                        tally.answered(status, dueAt, sentAt, now, now - window[1] < 0);
                    }
                } catch (IOException e) {
                    tally.errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "poisson-" + i);
            thread.setDaemon(true);
            threads.add(thread);
        }
        long[] offsets = arrivals(rate, duration, random); // drawn before the clock starts: a sort takes time
        long start = System.nanoTime();
        long until = start + duration.toNanos();
        window[0] = start;
        window[1] = until;
        threads.forEach(Thread::start);
        for (long offset : offsets) {
            long next = start + offset;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!due.offer(next)) {
                throw new IllegalStateException("more than 1M requests overdue: the server is far below " + rate + "/s");
            }
            tally.offered.incrementAndGet();
        }
        for (int i = 0; i < connections; i++) {
            due.add(STOP);
        }
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 60_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("a load connection did not finish within 60 s after the run");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
