package dev.kinfer.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PoissonLoadTest {
    @Test
    void aServerSlowerThanTheConnectionsAllowIsMeasuredFromTheDueTimeNotFromTheSend() throws Exception {
        // 40 ms answers, 100 requests/s on 2 connections: they carry at most 50/s, so requests wait for a connection
        // and only the due time counts that wait.
        try (SlowServer server = new SlowServer(40)) {
            PoissonLoad.Result result = PoissonLoad.run(server.target(), 100, 2, Duration.ZERO, Duration.ofSeconds(1),
                    1L);

            assertThat(result.peakBusyConnections()).isEqualTo(2);
            assertThat(result.neverShortOfConnections()).isFalse();
            assertThat(result.fromSendMicros().getValueAtPercentile(99)).isLessThan(
                    result.load().latencyMicros().getValueAtPercentile(99));
            assertThat(result.load().percentileMillis(99)).isGreaterThan(200);
        }
    }

    @Test
    void withConnectionsToSpareEveryRequestIsSentWhenDueAndBothMeasuresSeeTheServersTime() throws Exception {
        try (SlowServer server = new SlowServer(20)) {
            PoissonLoad.Result result = PoissonLoad.run(server.target(), 20, 16, Duration.ZERO, Duration.ofSeconds(1),
                    2L);

            assertThat(result.neverShortOfConnections()).isTrue();
            assertThat(result.load().ok()).isEqualTo(20);
            assertThat(result.fromSendMicros().getTotalCount()).isEqualTo(20);
            assertThat(result.fromSendMicros().getMinValue()).isGreaterThanOrEqualTo(20_000);
            assertThat(result.fromSendMicros().getMaxValue()).isLessThanOrEqualTo(
                    result.load().latencyMicros().getMaxValue());
        }
    }

    @Test
    void theWindowFindsTheBacklogTheWarmUpLeftBecauseBothAreOneStream() throws Exception {
        // 2 connections x 40 ms answers carry 50/s, so at 100/s the backlog grows by 50 requests a second. A window
        // that began from an empty queue would see about 1 s of it; after a 1 s warm-up its last requests wait ~2 s.
        try (SlowServer server = new SlowServer(40)) {
            java.util.concurrent.atomic.AtomicInteger reads = new java.util.concurrent.atomic.AtomicInteger();
            PoissonLoad.Result result = PoissonLoad.run(server.target(), 100, 2, Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 3L, reads::incrementAndGet);

            assertThat(reads).hasValue(1);
            assertThat(result.offered()).isEqualTo(100);
            assertThat(result.load().ok()).isEqualTo(100);
            assertThat(result.load().latencyMicros().getTotalCount()).isEqualTo(100);
            assertThat(result.load().latencyMicros().getMaxValue()).isGreaterThan(1_500_000);
        }
    }

    /**
     * A JDK HTTP server that answers every POST a fixed delay after reading it: a scheduler sends each answer when its
     * delay is up, so answers overlap as a real server's would.
     */
    private static final class SlowServer implements AutoCloseable {
        private final com.sun.net.httpserver.HttpServer http;
        private final java.util.concurrent.ScheduledExecutorService answers =
                java.util.concurrent.Executors.newScheduledThreadPool(2);

        SlowServer(long delayMillis) throws java.io.IOException {
            http = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 64);
            http.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                answers.schedule(() -> {
                    byte[] body = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                    return null;
                }, delayMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
            });
            http.start();
        }

        Target target() {
            return new Target(java.net.URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/infer"),
                    "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8), java.util.Map.of("Content-Type",
                    "application/json"), 1);
        }

        @Override
        public void close() {
            http.stop(0);
            answers.shutdownNow();
        }
    }
}
