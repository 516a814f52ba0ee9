package dev.kinfer.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ApiCallCounterTest {

    private static final String BENCHMARK = "kinfer-control-plane-client";
    private static final String OPERATOR = "fabric8-kubernetes-client/7.5.2";

    private final ApiCallCounter counter = new ApiCallCounter(Set.of(BENCHMARK));

    @Test
    void countsRequestsByMethod() {
        counter.record("GET", "/apis/apps/v1/namespaces/a/deployments/x", OPERATOR);
        counter.record("GET", "/apis/apps/v1/namespaces/a/deployments/y", OPERATOR);
        counter.record("PATCH", "/apis/serving.kinfer.dev/v1alpha1/namespaces/a/inferenceservices/x/status", OPERATOR);

        assertEquals(Map.of("GET", 2L, "PATCH", 1L), counter.byMethod());
    }

    @Test
    void leavesOutTheExcludedClients() {
        counter.record("POST", "/apis/serving.kinfer.dev/v1alpha1/namespaces/a/inferenceservices", BENCHMARK);
        counter.record("PUT", "/apis/apps/v1/namespaces/a/deployments/x/status", BENCHMARK);

        assertEquals(Map.of(), counter.byMethod());
        assertEquals(0, counter.writes());
    }

    @Test
    void countsRequestsWithoutAUserAgentAsSomeoneElses() {
        counter.record("DELETE", "/api/v1/namespaces/a/services/x", null);

        assertEquals(1, counter.writes());
    }

    @Test
    void writesArePostPutPatchAndDeleteButNotReadsOrWatches() {
        counter.record("GET", "/apis/apps/v1/deployments?watch=true", OPERATOR);
        counter.record("POST", "/api/v1/namespaces/a/events", OPERATOR);
        counter.record("PUT", "/apis/apps/v1/namespaces/a/deployments/x", OPERATOR);
        counter.record("PATCH", "/apis/apps/v1/namespaces/a/deployments/x", OPERATOR);
        counter.record("DELETE", "/apis/policy/v1/namespaces/a/poddisruptionbudgets/x", OPERATOR);

        assertEquals(4, counter.writes());
    }

    @Test
    void groupsWritesByPathWithoutTheQuery() {
        counter.record("PATCH", "/apis/serving.kinfer.dev/v1alpha1/namespaces/a/inferenceservices/x/status"
                + "?fieldManager=inferenceservice", OPERATOR);
        counter.record("PATCH", "/apis/serving.kinfer.dev/v1alpha1/namespaces/a/inferenceservices/x/status", OPERATOR);

        assertEquals(Map.of("PATCH /apis/serving.kinfer.dev/v1alpha1/namespaces/a/inferenceservices/x/status", 2L),
                counter.writesByPath());
    }

    @Test
    void aResetStartsANewWindow() {
        counter.record("POST", "/api/v1/namespaces/a/events", OPERATOR);
        counter.reset();
        counter.record("GET", "/api/v1/namespaces/a/events", OPERATOR);

        assertEquals(Map.of("GET", 1L), counter.byMethod());
        assertEquals(Map.of(), counter.writesByPath());
    }
}
