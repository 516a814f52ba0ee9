package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.worker.CapacityExceededException;
import dev.kinfer.runtime.worker.InferenceJob;
import dev.kinfer.runtime.worker.WorkerPool;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full queue answers 503 with Retry-After. The pool is replaced by one whose queue is always
 * full, because filling the real queue would need a worker held busy for a timed while; the real
 * queue's refusal is specified in JobQueueTest.
 */
@QuarkusTest
class CapacityTest {
    @Inject
    RuntimeSettings settings;
    @Inject
    RuntimeMetrics metrics;

    @BeforeEach
    void fillTheQueue() {
        QuarkusMock.installMockForType(new WorkerPool(settings, metrics) {
            @Override
            public InferenceJob submit(List<Tensor> inputs, long deadlineNanos) {
                throw new CapacityExceededException(64);
            }
        }, WorkerPool.class);
    }

    @Test
    void answersAFullQueueWith503AndRetryAfter() {
        given().contentType(ContentType.JSON).body(Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()))
                .when().post("/v2/models/mlp/infer")
                .then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("error", startsWith("the server is at capacity: 64 requests are already waiting"));
    }
}
