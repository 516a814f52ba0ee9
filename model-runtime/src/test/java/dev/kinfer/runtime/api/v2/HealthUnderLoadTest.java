package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.Http;
import dev.kinfer.runtime.worker.InferenceJob;
import dev.kinfer.runtime.worker.WorkerPool;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Liveness means "the process serves", not "the workers are idle": with every worker stuck (a pool that never
 * finishes a job) and requests piling up, the health and metrics endpoints still answer, so the kubelet does not
 * restart a pod for being busy.
 */
@QuarkusTest
class HealthUnderLoadTest {
    private static final int STUCK_REQUESTS = 64;

    @Inject
    RuntimeSettings settings;
    @Inject
    RuntimeMetrics metrics;

    @Test
    void livenessAndMetricsAnswerWhileEveryRequestIsStillBeingWorkedOn() {
        AtomicInteger accepted = new AtomicInteger();
        QuarkusMock.installMockForType(new WorkerPool(settings, metrics) {
            @Override
            public InferenceJob submit(List<Tensor> inputs, long deadlineNanos) {
                accepted.incrementAndGet();
                return InferenceJob.of(inputs, null, 1, deadlineNanos);
            }
        }, WorkerPool.class);
        byte[] body = Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()).getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<HttpResponse<byte[]>>> stuck = new ArrayList<>();
        try {
            for (int i = 0; i < STUCK_REQUESTS; i++) {
                stuck.add(Http.post("/v2/models/mlp/infer", body, Map.of("Content-Type", "application/json")));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() == STUCK_REQUESTS);

            assertThat(Http.get("/v2/health/live").statusCode()).isEqualTo(200);
            assertThat(Http.get("/metrics").statusCode()).isEqualTo(200);
            assertThat(stuck).noneMatch(CompletableFuture::isDone);
        } finally {
            stuck.forEach(f -> f.cancel(true));
        }
    }
}
