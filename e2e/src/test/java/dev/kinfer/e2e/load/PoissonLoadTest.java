package dev.kinfer.e2e.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PoissonLoadTest {
    private static final Duration FORTY_SECONDS = Duration.ofSeconds(40);

    @Test
    void aPeriodOffersExactlyItsRateTimesItsLength() {
        for (long seed = 0; seed < 20; seed++) {
            long[] due = PoissonLoad.arrivals(12.36, FORTY_SECONDS, new SplittableRandom(seed));

            assertThat(due).as("seed %d", seed).hasSize(494); // 12.36/s x 40 s = 494.4
            assertThat(due).isSorted();
            assertThat(due[0]).isGreaterThanOrEqualTo(0);
            assertThat(due[due.length - 1]).isLessThan(FORTY_SECONDS.toNanos());
        }
    }

    @Test
    void theGapsAreThoseOfPoissonArrivalsMemorylessWithTheMeanOfTheRate() {
        double rate = 1_000;
        long[] due = PoissonLoad.arrivals(rate, FORTY_SECONDS, new SplittableRandom(20261126L));
        double sum = 0;
        double squares = 0;
        for (int i = 1; i < due.length; i++) {
            double gap = (due[i] - due[i - 1]) / 1e9;
            sum += gap;
            squares += gap * gap;
        }
        int gaps = due.length - 1;
        double mean = sum / gaps;
        double cv = Math.sqrt(squares / gaps - mean * mean) / mean;

        assertThat(mean).isCloseTo(1 / rate, within(0.02 / rate));
        assertThat(cv).as("an exponential's coefficient of variation is 1; evenly paced arrivals have 0")
                .isCloseTo(1.0, within(0.03));
    }

    @Test
    void countsInShortStretchesVaryAsPoissonCountsDo() {
        // 40,000 arrivals in 40 s, counted in 4,000 bins of 10 ms: Poisson counts of mean 10 have variance 10.
        long[] due = PoissonLoad.arrivals(1_000, FORTY_SECONDS, new SplittableRandom(7));
        int[] bins = new int[4_000];
        for (long t : due) {
            bins[(int) (t / 10_000_000L)]++;
        }
        double mean = 0;
        for (int b : bins) {
            mean += b;
        }
        mean /= bins.length;
        double variance = 0;
        for (int b : bins) {
            variance += (b - mean) * (b - mean);
        }
        variance /= bins.length - 1;

        assertThat(mean).isEqualTo(10.0);
        assertThat(variance / mean).isCloseTo(1.0, within(0.1));
    }

    @Test
    void anEmptyPeriodHasNoArrivals() {
        assertThat(PoissonLoad.arrivals(500, Duration.ZERO, new SplittableRandom(1))).isEmpty();
    }

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
