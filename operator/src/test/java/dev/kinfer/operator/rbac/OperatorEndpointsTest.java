package dev.kinfer.operator.rbac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * The endpoints the Helm chart points at: the probes' health paths and the metrics Service's /q/metrics.
 * Same resources as the reconciler test, so it shares that test's Quarkus start.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class OperatorEndpointsTest {

    @TestHTTPResource("/")
    URL root;

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(root.toString()).resolve(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void answersTheChartsProbes() throws Exception {
        for (String path : new String[] {"/q/health/started", "/q/health/live", "/q/health/ready"}) {
            assertEquals(200, get(path).statusCode(), path);
        }
    }

    @Test
    void servesPrometheusMetricsIncludingTheReconcilers() throws Exception {
        HttpResponse<String> metrics = get("/q/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"), "JVM metrics");
        assertTrue(metrics.body().contains("reconciliations_"), "JOSDK metrics through QOSDK's Micrometer binding");
    }
}
