package dev.kinfer.runtime.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.Http;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** /metrics is valid Prometheus text and carries every metric the runtime promises. */
@QuarkusTest
@TestProfile(ServeModel.Serving.class)
class MetricsExpositionTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? "
                    + "(-?[0-9.]+([eE][-+]?[0-9]+)?|NaN|[+-]Inf)( -?[0-9]+)?");

    private static String scrape() {
        Http.post("/v2/models/mlp/infer", Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input())
                .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")).join();
        return Http.get("/metrics").body();
    }

    @Test
    void exportsTheRuntimesMetricsUnderStableNames() {
        String text = scrape();
        assertThat(text).contains(
                "kinfer_requests_seconds_count{endpoint=\"v2_infer\",status=\"200\",}",
                "kinfer_requests_seconds_bucket{endpoint=\"v2_infer\",status=\"200\",le=\"0.001\",}",
                "kinfer_queue_wait_seconds_bucket{le=",
                "kinfer_inference_seconds_bucket{le=\"0.063\",}",
                "kinfer_batch_size_samples_bucket{le=\"8.0\",}",
                "kinfer_queue_depth ",
                "kinfer_workers_busy ",
                "kinfer_model_load_seconds ");
    }

    @Test
    void writesValidPrometheusTextFormat() {
        Set<String> typed = new HashSet<>();
        for (String line : scrape().split("\n")) {
            if (line.startsWith("# TYPE ")) {
                typed.add(line.split(" ")[2]);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                assertThat(SAMPLE.matcher(line).matches()).as(line).isTrue();
                String name = line.split("[{ ]")[0];
                assertThat(typed.stream().anyMatch(name::startsWith)).as("a # TYPE line precedes " + name).isTrue();
            }
        }
    }

    /** {@code promtool check metrics} (Debian package prometheus) when it is installed; skipped otherwise. */
    @Test
    void passesPromtoolCheckMetrics() throws IOException, InterruptedException {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (apt-get install prometheus)");
        Path scraped = Files.createTempFile("kinfer-metrics", ".txt");
        Files.writeString(scraped, scrape());
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(scraped.toFile()).redirectErrorStream(true).start();
        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as(output).isZero();
        Files.delete(scraped);
    }
}
