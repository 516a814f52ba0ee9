package dev.kinfer.common.load;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop HTTP load on keep-alive connections: a request is due at each given time whatever the server does, and the
 * oldest due request goes out on the first free connection. The thread that calls {@link #run} paces (parks until each
 * due time and hands it over); one selector thread drives every connection. A client on the cores of the server it
 * measures thus costs them two threads' wake-ups, not one blocked thread per connection: with a thread per connection
 * (279 of them for mlp at 13,900 requests/s) the requests' start lags (due time to send) had a p99 of 10-127 ms while
 * the server's own request p99 was 4-5 ms.
 *
 * <p>Every due request is sent and awaited; the listener sees each send and each answer on the selector thread. Use
 * enough connections that one is nearly always free ({@link Outcome#peakBusy} below their number), or the client, not
 * the server, shapes the arrivals the server sees; latency counted from the due time still includes that wait.
 */
public final class OpenLoop implements AutoCloseable {
    /** Called on the selector thread. */
    public interface Listener {
        /**
         * A request went out {@code sentNanos - dueNanos} after its due time, with {@code busyConnections} busy now,
         * its own included (a listener that measures part of a run takes that part's peak from it).
         */
        default void sent(long dueNanos, long sentNanos, int busyConnections) {
        }

        void answered(int status, long dueNanos, long sentNanos, long answeredNanos);

        /** A connection failed; it is dropped, and what it carried is lost. */
        default void failed(IOException error) {
        }
    }

    /**
     * What a run did: requests made due, answered (any status), never sent because every connection had failed, the
     * most connections busy at once, and the seconds from the start to the last answer.
     */
    public record Outcome(long offered, long answered, long unsent, int peakBusy, int connections, double seconds) {
        /** Whether every request found a free connection when it was due. */
        public boolean neverShortOfConnections() {
            return peakBusy < connections;
        }
    }

    private static final long STOP = Long.MIN_VALUE;

    private final Selector selector;
    private final List<NioConnection> connections = new ArrayList<>();
    private final ArrayDeque<NioConnection> idle = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<Long> due = new ConcurrentLinkedQueue<>();
    private volatile boolean used;
    /** The running driver; the connections report to it through {@link #relay}. */
    private Driver driver;
    private final NioConnection.Listener relay = new NioConnection.Listener() {
        @Override
        public void answered(NioConnection connection, int status, long dueNanos, long sentNanos) {
            driver.answered(connection, status, dueNanos, sentNanos);
        }

        @Override
        public void failed(NioConnection connection, IOException error) {
            driver.failed(connection, error);
        }
    };

    private OpenLoop(Selector selector) {
        this.selector = selector;
    }

    /** Opens the connections now, before any clock starts. */
    public static OpenLoop connect(InetSocketAddress server, ByteBuffer request, int connections) throws IOException {
        if (connections < 1) {
            throw new IllegalArgumentException("connections: expected at least 1, got " + connections);
        }
        OpenLoop loop = new OpenLoop(Selector.open());
        try {
            for (int i = 0; i < connections; i++) {
                loop.connections.add(new NioConnection(server, request, loop.selector, loop.relay));
            }
        } catch (IOException e) {
            loop.close();
            throw e;
        }
        return loop;
    }

    /**
     * Sends a request at {@code startNanos + offset} for every offset (ascending), waits for every answer, and returns
     * what happened. One run per instance.
     *
     * @param grace how long after the last due time the answers may take before the run fails
     */
    public Outcome run(long startNanos, long[] offsets, Listener listener, Duration grace)
            throws IOException, InterruptedException {
        if (used) {
            throw new IllegalStateException("an open loop runs once; connect another");
        }
        used = true;
        Driver driver = new Driver(listener);
        this.driver = driver;
        Thread io = new Thread(driver, "open-loop-io");
        io.setDaemon(true);
        io.start();
        long offered = 0;
        try {
            for (long offset : offsets) {
                long at = startNanos + offset;
                long wait;
                while ((wait = at - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                due.add(at);
                offered++;
                selector.wakeup();
                if (driver.halted) {
                    break;
                }
            }
        } finally {
            due.add(STOP);
            selector.wakeup();
        }
        io.join(grace.toMillis() + 1);
        if (io.isAlive()) {
            driver.halted = true;
            selector.wakeup();
            io.join(10_000);
            throw new IllegalStateException("open loop: " + driver.busy + " answers still missing " + grace.toMillis()
                    + " ms after the last request was due");
        }
        if (driver.error instanceof IOException e) {
            throw e;
        }
        if (driver.error instanceof RuntimeException e) {
            throw e; // the listener's own failure, on the selector thread
        }
        return new Outcome(offered, driver.answered, driver.unsent, driver.peakBusy, connections.size(),
                (System.nanoTime() - startNanos) / 1e9);
    }

    @Override
    public void close() {
        connections.forEach(NioConnection::close);
        try {
            selector.close();
        } catch (IOException e) {
            // end of the run
        }
    }

    /** The selector thread: sends due requests on idle connections and reads the answers. */
    private final class Driver implements Runnable {
        private final Listener listener;
        volatile boolean halted;
        volatile int busy;
        int peakBusy;
        long answered;
        long unsent;
        int alive;
        volatile Exception error;

        Driver(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void run() {
            idle.addAll(connections);
            alive = connections.size();
            boolean stopped = false;
            try {
                while (!halted) {
                    Long at;
                    while ((alive == 0 || !idle.isEmpty()) && (at = due.peek()) != null && at != STOP) {
                        due.poll();
                        if (alive == 0) {
                            unsent++;
                            continue;
                        }
                        long now = System.nanoTime();
                        busy++;
                        peakBusy = Math.max(peakBusy, busy);
                        listener.sent(at, now, busy);
                        idle.poll().send(at, now);
                    }
                    stopped = stopped || (at = due.peek()) != null && at == STOP;
                    if (stopped && busy == 0) {
                        return;
                    }
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        ((NioConnection) key.attachment()).ready();
                    }
                    selector.selectedKeys().clear();
                }
            } catch (IOException | RuntimeException e) {
                error = e;
                halted = true; // the pacer stops making requests due
            }
        }

        void answered(NioConnection connection, int status, long dueNanos, long sentNanos) {
            long now = System.nanoTime();
            busy--;
            answered++;
            idle.add(connection);
            listener.answered(status, dueNanos, sentNanos, now);
        }

        void failed(NioConnection connection, IOException failure) {
            busy--;
            alive--;
            listener.failed(failure);
        }
    }
}
