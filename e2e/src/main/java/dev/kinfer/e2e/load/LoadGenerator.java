package dev.kinfer.e2e.load;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * An HTTP load generator: {@code connections} keep-alive connections, one thread each, loopback
 * only, every run bounded in time; latencies into an HdrHistogram.
 *
 * <ul>
 *   <li><b>closed loop</b>: each connection sends its next request when the last answer arrives
 *       (like wrk); shows capacity, but a slow server also slows the load down.
 *   <li><b>open loop</b>: a pacer makes requests due at a fixed rate whatever the server does; a
 *       free connection takes the oldest due request. Latency counts from the due time, so time a
 *       request spent waiting for a connection (because the server was slow) is measured, not
 *       omitted (coordinated omission).
 * </ul>
 * A warm-up runs first and is not recorded. Any status but 200 counts as an error.
 */
public final class LoadGenerator implements AutoCloseable {
    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final long STOP = Long.MIN_VALUE;

    public LoadResult closedLoop(Target target, int connections, Duration warmUp, Duration measure) throws Exception {
        run(target, connections, warmUp, null, new Recorder(MAX_LATENCY_MICROS, 3), new AtomicLong(), new AtomicLong());
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        double seconds = run(target, connections, measure, null, recorder, ok, errors);
        return new LoadResult("closed", connections, seconds, ok.get(), errors.get(), target.samples(),
                recorder.getIntervalHistogram());
    }

    public LoadResult openLoop(Target target, double ratePerSecond, int connections, Duration warmUp, Duration measure)
            throws Exception {
        run(target, connections, warmUp, ratePerSecond, new Recorder(MAX_LATENCY_MICROS, 3), new AtomicLong(), new AtomicLong());
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        double seconds = run(target, connections, measure, ratePerSecond, recorder, ok, errors);
        return new LoadResult(String.format("open@%.0f/s", ratePerSecond), connections, seconds, ok.get(),
                errors.get(), target.samples(), recorder.getIntervalHistogram());
    }

    /** Runs one period; {@code rate} null means closed loop. Returns the seconds it took. */
    private double run(Target target, int connections, Duration duration, Double rate, Recorder recorder, AtomicLong ok,
                       AtomicLong errors) throws Exception {
        long start = System.nanoTime();
        long until = start + duration.toNanos();
        BlockingQueue<Long> due = rate == null ? null : new ArrayBlockingQueue<>(1 << 20);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            HttpConnection connection = new HttpConnection(target);
            Thread thread = new Thread(() -> {
                try (connection) {
                    while (true) {
                        long sendAt = due == null ? System.nanoTime() : due.take();
                        if (sendAt == STOP || (due == null && sendAt - until >= 0)) {
                            return;
                        }
                        exchange(connection, sendAt, recorder, ok, errors);
                    }
                } catch (IOException e) {
                    errors.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        if (due != null) {
            pace(due, rate, start, until, connections);
        }
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 60_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("a load connection did not finish within 60 s after the run");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static void exchange(HttpConnection connection, long sendAt, Recorder recorder, AtomicLong ok, AtomicLong errors)
            throws IOException {
        int status = connection.exchange();
        long micros = (System.nanoTime() - sendAt) / 1000;
        if (status == 200) {
            ok.incrementAndGet();
            recorder.recordValue(Math.min(Math.max(micros, 1), MAX_LATENCY_MICROS));
        } else {
            errors.incrementAndGet();
        }
    }

    /** Request i is due at start + i/rate; sleeps between due times, then tells every connection to stop. */
    private static void pace(BlockingQueue<Long> due, double rate, long start, long until, int connections) {
        long interval = (long) (1e9 / rate);
        for (long next = start; next - until < 0; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            if (!due.offer(next)) {
                throw new IllegalStateException("more than 1M requests overdue: the server is far below " + rate + "/s");
            }
        }
        for (int i = 0; i < connections; i++) {
            due.add(STOP);
        }
    }

    @Override
    public void close() {
        // connections are closed by the run that opened them
    }
}
