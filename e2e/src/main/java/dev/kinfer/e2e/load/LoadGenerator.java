package dev.kinfer.e2e.load;

import dev.kinfer.common.load.NioConnection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Recorder;

/**
 * An HTTP load generator in the manner of wrk: {@code connections} keep-alive connections driven by
 * two selector threads, loopback only, every run bounded in time, latencies into an HdrHistogram.
 *
 * <ul>
 *   <li><b>closed loop</b>: each connection sends its next request when the last answer arrives;
 *       shows capacity, but a slow server also slows the load down.
 *   <li><b>open loop</b>: a pacer makes requests due at a fixed rate whatever the server does; an
 *       idle connection takes the oldest due request. Latency counts from the due time, so time a
 *       request waited for a connection because the server was slow is measured, not omitted
 *       (coordinated omission).
 * </ul>
 * A warm-up runs first and is not recorded. Any status but 200 counts as an error, and so does, in an
 * open-loop run, every request still waiting for a connection when the run ends (it is not sent).
 */
public final class LoadGenerator implements AutoCloseable {
    private static final long MAX_LATENCY_MICROS = TimeUnit.SECONDS.toMicros(60);
    private static final int THREADS = 2;

    /** A closed-loop run after an unrecorded warm-up ({@link Duration#ZERO}: none). */
    public LoadResult closedLoop(Target target, int connections, Duration warmUp, Duration measure) throws Exception {
        if (!warmUp.isZero()) {
            run(target, connections, warmUp, 0, new Recorder(MAX_LATENCY_MICROS, 3), new AtomicLong(), new AtomicLong());
        }
        Recorder recorder = new Recorder(MAX_LATENCY_MICROS, 3);
        AtomicLong ok = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        double seconds = run(target, connections, measure, 0, recorder, ok, errors);
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

    /** One period; {@code rate} 0 means closed loop. Returns the seconds from start to the last answer. */
    private double run(Target target, int connections, Duration duration, double rate, Recorder recorder, AtomicLong ok,
                       AtomicLong errors) throws Exception {
        ByteBuffer request = requestBytes(target);
        long start = System.nanoTime();
        long until = start + duration.toNanos();
        List<Loop> loops = new ArrayList<>();
        for (int t = 0; t < Math.min(THREADS, connections); t++) {
            int share = connections / THREADS + (t < connections % THREADS ? 1 : 0);
            loops.add(new Loop(target, request, share, rate > 0, until, recorder, ok, errors));
        }
        List<Thread> threads = new ArrayList<>();
        for (Loop loop : loops) {
            Thread thread = new Thread(loop, "load-" + threads.size());
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        if (rate > 0) {
            pace(loops, rate, start, until);
        }
        for (Thread thread : threads) {
            thread.join(duration.toMillis() + 60_000);
            if (thread.isAlive()) {
                throw new IllegalStateException("load connections did not finish within 60 s after the run");
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Request i is due at start + i/rate, handed to the selector threads in turn. */
    private static void pace(List<Loop> loops, double rate, long start, long until) {
        long interval = (long) (1e9 / rate);
        int i = 0;
        for (long next = start; next - until < 0; next += interval) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            loops.get(i++ % loops.size()).due(next);
        }
        loops.forEach(Loop::finish);
    }

    /**
     * The request as one direct buffer that every connection reads through its own duplicate. A heap buffer would
     * be copied into a temporary direct buffer by every {@code write}, whole remainder each time: for a 600 KB
     * image written in parts that was about 1 CPU-ms per request, on the cores the server under test runs on.
     */
    static ByteBuffer requestBytes(Target target) {
        StringBuilder head = new StringBuilder("POST ").append(target.uri().getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.uri().getHost()).append(':').append(target.uri().getPort()).append("\r\n")
                .append("Content-Length: ").append(target.body().length).append("\r\n");
        for (Map.Entry<String, String> h : target.headers().entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[headBytes.length + target.body().length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(target.body(), 0, all, headBytes.length, target.body().length);
        return NioConnection.direct(all);
    }

    /** One selector thread and its share of the connections. */
    private static final class Loop implements Runnable, NioConnection.Listener {
        private final Selector selector;
        private final List<NioConnection> connections = new ArrayList<>();
        private final ArrayDeque<NioConnection> idle = new ArrayDeque<>();
        private final ConcurrentLinkedQueue<Long> due = new ConcurrentLinkedQueue<>();
        private final boolean open;
        private final long until;
        private final Recorder recorder;
        private final AtomicLong ok;
        private final AtomicLong errors;
        private volatile boolean finished;

        Loop(Target target, ByteBuffer request, int count, boolean open, long until, Recorder recorder, AtomicLong ok,
             AtomicLong errors) throws IOException {
            this.selector = Selector.open();
            this.open = open;
            this.until = until;
            this.recorder = recorder;
            this.ok = ok;
            this.errors = errors;
            InetSocketAddress server = new InetSocketAddress(target.uri().getHost(), target.uri().getPort());
            for (int i = 0; i < count; i++) {
                connections.add(new NioConnection(server, request, selector, this));
            }
        }

        void due(long nanos) {
            due.add(nanos);
            selector.wakeup();
        }

        void finish() {
            finished = true;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                idle.addAll(connections);
                while (true) {
                    // answers only park connections here; sending from inside a read would re-enter it
                    Long next;
                    while (!idle.isEmpty() && (next = open ? due.poll() : Long.valueOf(System.nanoTime())) != null) {
                        if (!open && next - until >= 0) {
                            break;
                        }
                        idle.poll().send(next);
                    }
                    if (open && finished) {
                        // requests still due at the end were never sent: the server fell behind; count, don't send
                        for (Long late; (late = due.poll()) != null; ) {
                            errors.incrementAndGet();
                        }
                    }
                    boolean anyBusy = connections.stream().anyMatch(NioConnection::busy);
                    boolean over = open ? finished && due.isEmpty() : System.nanoTime() - until >= 0;
                    if (!anyBusy && over) {
                        return;
                    }
                    if (idle.isEmpty() || open || over) {
                        selector.select(10);
                    } else {
                        selector.selectNow();
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        ((NioConnection) key.attachment()).ready();
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException e) {
                errors.incrementAndGet();
            } finally {
                connections.forEach(NioConnection::close);
                try {
                    selector.close();
                } catch (IOException e) {
                    // end of the run
                }
            }
        }

        @Override
        public void answered(NioConnection connection, int status, long dueNanos, long sentNanos) {
            long now = System.nanoTime();
            if (status == 200) {
                ok.incrementAndGet();
                // from the due time: in an open loop a wait for a free connection counts
                recorder.recordValue(Math.min(Math.max((now - dueNanos) / 1000, 1), MAX_LATENCY_MICROS));
            } else {
                errors.incrementAndGet();
            }
            idle.add(connection);
        }

        @Override
        public void failed(NioConnection connection, IOException error) {
            errors.incrementAndGet();
            connections.remove(connection);
        }
    }

    @Override
    public void close() {
        // every run closes the connections it opened
    }
}
