package dev.kinfer.common.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OpenLoopTest {
    private static final long MS = 1_000_000L;

    @Test
    void everyRequestGoesOutNoEarlierThanItsDueTimeInOrderAndIsAnswered() throws Exception {
        long[] offsets = new long[50];
        for (int i = 0; i < offsets.length; i++) {
            offsets[i] = i * 2 * MS;
        }
        try (AnsweringServer server = new AnsweringServer(0, 200);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 8)) {
            Seen seen = new Seen();
            long start = System.nanoTime();
            OpenLoop.Outcome outcome = loop.run(start, offsets, seen, Duration.ofSeconds(30));

            assertThat(outcome.offered()).isEqualTo(50);
            assertThat(outcome.answered()).isEqualTo(50);
            assertThat(outcome.unsent()).isZero();
            assertThat(seen.statuses).hasSize(50).containsOnly(200);
            assertThat(seen.sentDue).as("the oldest due request goes first").isSorted();
            for (int i = 0; i < 50; i++) {
                assertThat(seen.sentDue.get(i)).isEqualTo(start + offsets[i]);
                assertThat(seen.sentAt.get(i)).isGreaterThanOrEqualTo(seen.sentDue.get(i));
            }
            assertThat(seen.failures).isEmpty();
        }
    }

    @Test
    void aRequestThatFindsEveryConnectionBusyWaitsAndItsDueTimeCountsTheWait() throws Exception {
        // 4 requests due at once, 1 connection, 50 ms answers: the last is sent after three answers, 150 ms late.
        try (AnsweringServer server = new AnsweringServer(50, 200);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 1)) {
            Seen seen = new Seen();
            OpenLoop.Outcome outcome = loop.run(System.nanoTime(), new long[] {0, 0, 0, 0}, seen, Duration.ofSeconds(30));

            assertThat(outcome.peakBusy()).isEqualTo(1);
            assertThat(outcome.neverShortOfConnections()).isFalse();
            assertThat(seen.fromDue.get(3)).isGreaterThanOrEqualTo(200 * MS);
            assertThat(seen.fromSend).allSatisfy(nanos -> assertThat(nanos).isGreaterThanOrEqualTo(50 * MS));
        }
    }

    @Test
    void withConnectionsToSpareNoRequestWaitsForOne() throws Exception {
        try (AnsweringServer server = new AnsweringServer(30, 200);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 8)) {
            OpenLoop.Outcome outcome = loop.run(System.nanoTime(), new long[] {0, 0, 0}, new Seen(),
                    Duration.ofSeconds(30));

            assertThat(outcome.peakBusy()).isEqualTo(3);
            assertThat(outcome.neverShortOfConnections()).isTrue();
        }
    }

    @Test
    void answersOtherThan200AreReportedWithTheirStatus() throws Exception {
        try (AnsweringServer server = new AnsweringServer(0, 503);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 2)) {
            Seen seen = new Seen();
            loop.run(System.nanoTime(), new long[] {0, MS, 2 * MS}, seen, Duration.ofSeconds(30));

            assertThat(seen.statuses).containsExactly(503, 503, 503);
        }
    }

    @Test
    void connectionsTheServerDropsAreReportedAndWhatTheyCouldNotCarryIsCountedNotSent() throws Exception {
        try (DroppingServer server = new DroppingServer();
             OpenLoop loop = OpenLoop.connect(server.address(), NioConnection.direct(
                     "GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 2)) {
            Seen seen = new Seen();
            long[] offsets = new long[10];
            for (int i = 0; i < offsets.length; i++) {
                offsets[i] = i * 20 * MS;
            }
            OpenLoop.Outcome outcome = loop.run(System.nanoTime(), offsets, seen, Duration.ofSeconds(30));

            assertThat(outcome.answered()).isZero();
            assertThat(seen.failures).hasSize(2);
            assertThat(seen.failures.size() + outcome.unsent()).as("lost with a connection, or never sent")
                    .isEqualTo(outcome.offered());
        }
    }

    @Test
    void answersThatNeverComeFailTheRunOnceTheGraceIsOver() throws Exception {
        try (AnsweringServer server = new AnsweringServer(-1, 200);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 2)) {
            assertThatThrownBy(() -> loop.run(System.nanoTime(), new long[] {0}, new Seen(), Duration.ofMillis(200)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("1 answers still missing");
        }
    }

    @Test
    void aListenerThatFailsEndsTheRunWithItsOwnError() throws Exception {
        try (AnsweringServer server = new AnsweringServer(0, 200);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 2)) {
            OpenLoop.Listener failing = (status, due, sent, answered) -> {
                throw new IllegalArgumentException("value out of the histogram's range");
            };

            assertThatThrownBy(() -> loop.run(System.nanoTime(), new long[] {0, MS, 2 * MS}, failing,
                    Duration.ofSeconds(30))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("histogram");
        }
    }

    @Test
    void anOpenLoopRunsOnce() throws Exception {
        try (AnsweringServer server = new AnsweringServer(0, 200);
             OpenLoop loop = OpenLoop.connect(server.address(), server.request(), 1)) {
            loop.run(System.nanoTime(), new long[] {0}, new Seen(), Duration.ofSeconds(30));

            assertThatThrownBy(() -> loop.run(System.nanoTime(), new long[] {0}, new Seen(), Duration.ofSeconds(30)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("runs once");
        }
    }

    @Test
    void noConnectionsIsRefusedByName() {
        assertThatThrownBy(() -> OpenLoop.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), 1),
                NioConnection.direct(new byte[1]), 0)).hasMessageContaining("connections");
    }

    /** What the listener saw, in the order the selector thread reported it. */
    private static final class Seen implements OpenLoop.Listener {
        final List<Long> sentDue = new ArrayList<>();
        final List<Long> sentAt = new ArrayList<>();
        final List<Integer> statuses = new ArrayList<>();
        final List<Long> fromDue = new ArrayList<>();
        final List<Long> fromSend = new ArrayList<>();
        final List<IOException> failures = new ArrayList<>();

        @Override
        public void sent(long dueNanos, long sentNanos, int busyConnections) {
            sentDue.add(dueNanos);
            sentAt.add(sentNanos);
        }

        @Override
        public void answered(int status, long dueNanos, long sentNanos, long answeredNanos) {
            statuses.add(status);
            fromDue.add(answeredNanos - dueNanos);
            fromSend.add(answeredNanos - sentNanos);
        }

        @Override
        public void failed(IOException error) {
            failures.add(error);
        }
    }

    /**
     * A JDK HTTP server that answers every request with this status a fixed delay after reading it (from a scheduler,
     * so answers overlap as a real server's would), or never when the delay is negative.
     */
    private static final class AnsweringServer implements AutoCloseable {
        private final HttpServer http;
        private final ScheduledExecutorService answers = Executors.newScheduledThreadPool(2);

        AnsweringServer(long delayMillis, int status) throws IOException {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (delayMillis < 0) {
                    return;
                }
                answers.schedule(() -> {
                    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(status, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                    return null;
                }, delayMillis, TimeUnit.MILLISECONDS);
            });
            http.start();
        }

        InetSocketAddress address() {
            return http.getAddress();
        }

        ByteBuffer request() {
            return NioConnection.direct(("POST /infer HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() {
            http.stop(0);
            answers.shutdownNow();
        }
    }

    /** Accepts every connection and closes it at once. */
    private static final class DroppingServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        private final Thread acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (Socket accepted = socket.accept()) {
                    accepted.setSoLinger(true, 0); // a reset, not a polite close
                } catch (IOException closed) {
                    return;
                }
            }
        }, "dropping-server");

        DroppingServer() throws IOException {
            acceptor.setDaemon(true);
            acceptor.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
