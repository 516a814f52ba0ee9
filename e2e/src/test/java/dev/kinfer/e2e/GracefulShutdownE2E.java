package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinfer.e2e.runtime.RuntimeProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM to the runtime jar: readiness turns false at once, every request already accepted is
 * answered with its result, and the process exits on its own. The requests are held in the batcher
 * by a long batch delay, so they are certainly in flight when the signal arrives.
 */
class GracefulShutdownE2E {
    private static final Path ROOT = Path.of(System.getProperty("kinfer.root", "..")).toAbsolutePath().normalize();
    private static final Pattern IN_FLIGHT = Pattern.compile("(?m)^kinfer_requests_in_flight ([0-9.]+)$");
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void answersEveryAcceptedRequestAfterSigtermThenExits() throws Exception {
        String body = Files.readString(ROOT.resolve("examples/models/demo-request.json"));
        try (RuntimeProcess runtime = RuntimeProcess.start(ROOT, ROOT.resolve("examples/models/demo.pt"), "demo",
                Map.of("KINFER_MAX_BATCH_SIZE", "64", "KINFER_MAX_BATCH_DELAY_MS", "2000",
                        "KINFER_SHUTDOWN_DRAIN", "0.3S"))) {
            await().atMost(Duration.ofSeconds(90)).until(runtime::isReady);
            List<CompletableFuture<HttpResponse<String>>> accepted = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                accepted.add(http.sendAsync(HttpRequest.newBuilder(runtime.inferUri())
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> inFlight(runtime) == 20);

            ProcessHandle.of(runtime.pid()).orElseThrow().destroy(); // SIGTERM

            await().atMost(Duration.ofSeconds(5)).until(() -> !runtime.isReady());
            for (CompletableFuture<HttpResponse<String>> response : accepted) {
                assertThat(response.get().statusCode()).as(response.get().body()).isEqualTo(200);
                assertThat(response.get().body()).contains("\"outputs\"");
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> !runtime.isAlive());
            assertThat(Files.readString(runtime.log())).contains("readiness is now false", "workers stopped");
        }
    }

    private double inFlight(RuntimeProcess runtime) throws IOException, InterruptedException {
        String metrics = http.send(HttpRequest.newBuilder(runtime.baseUri().resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = IN_FLIGHT.matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
