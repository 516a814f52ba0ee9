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
import org.junit.jupiter.api.Test;

/**
 * Backpressure over HTTP: a full queue answers 503 with Retry-After, a deadline that passes in the
 * queue 504. The pool is replaced, because holding a real worker busy for a known while would need
 * timing; the real queue's refusal and expiry are specified in JobQueueTest and JobQueueBatchingTest.
 */
@QuarkusTest
class CapacityTest {
    @Inject
    RuntimeSettings settings;
    @Inject
    RuntimeMetrics metrics;

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
        fillTheQueue();
        given().contentType(ContentType.JSON).body(Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()))
                .when().post("/v2/models/mlp/infer")
                .then().statusCode(503)
                .header("Retry-After", equalTo("1"))
                .body("error", startsWith("the server is at capacity: 64 requests are already waiting"));
    }

    /** A pool whose workers never get to the job: the request's deadline passes while it is queued. */
    @Test
    void answersARequestWhoseDeadlinePassesInTheQueueWith504() {
        QuarkusMock.installMockForType(new WorkerPool(settings, metrics) {
            @Override
            public InferenceJob submit(List<Tensor> inputs, long deadlineNanos) {
                return InferenceJob.of(inputs, null, 1, deadlineNanos);
            }
        }, WorkerPool.class);

        given().contentType(ContentType.JSON).header("Kinfer-Timeout-Ms", "30")
                .body(Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()))
                .when().post("/v2/models/mlp/infer")
                .then().statusCode(504)
                .body("error", startsWith("the request's deadline of 30 ms passed while it waited in the queue"));
    }
}
