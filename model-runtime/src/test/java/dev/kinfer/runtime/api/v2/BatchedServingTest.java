package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.runtime.model.ModelRegistry;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.Http;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Dynamic batching over HTTP: concurrent requests are stacked, and each still gets its own answer. */
@QuarkusTest
@TestProfile(ServeModel.Serving.class)
class BatchedServingTest {
    @Inject
    ModelRegistry registry;

    @Test
    void loadsOneCopyOfTheWeightsPerWorkerWhenAskedTo() {
        assertThat(registry.served().copies()).hasSize(2);
        assertThat(registry.served().copies().get(0)).isNotSameAs(registry.served().copies().get(1));
    }

    private static double metric(String line) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " ([0-9.eE+]+)$").matcher(Http.get("/metrics").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void stacksConcurrentRequestsAndSplitsEachAnswerBackToItsRequest() {
        List<Fixtures.Case> cases = Fixtures.cases("mlp");
        double inferencesBefore = metric("kinfer_batch_size_samples_count");
        double callsBefore = metric("kinfer_inference_seconds_count");
        double samplesBefore = metric("kinfer_batch_size_samples_sum");
        List<CompletableFuture<HttpResponse<byte[]>>> sent = new ArrayList<>();
        int samples = 0;
        for (int i = 0; i < 96; i++) {
            Fixtures.Case c = cases.get(i % 2);
            samples += (int) c.input().shape()[0];
            sent.add(Http.post("/v2/models/mlp/infer", Fixtures.inferBody("input", c.input())
                    .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")));
        }
        for (int i = 0; i < sent.size(); i++) {
            HttpResponse<byte[]> response = sent.get(i).join();
            assertThat(response.statusCode()).isEqualTo(200);
            GoldenAssert.assertMatches(cases.get(i % 2).outputs().get(0), Fixtures.parse(Http.text(response)).at("/outputs/0"));
        }

        double inferences = metric("kinfer_batch_size_samples_count") - inferencesBefore;
        assertThat(metric("kinfer_batch_size_samples_sum") - samplesBefore).isEqualTo(samples);
        assertThat(inferences).as("some requests shared an inference").isLessThan(96);
        assertThat(metric("kinfer_inference_seconds_count") - callsBefore).as("one timed model call per inference")
                .isEqualTo(inferences);
    }
}
