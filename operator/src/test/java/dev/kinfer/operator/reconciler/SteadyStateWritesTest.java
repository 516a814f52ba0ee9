package dev.kinfer.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GitOps guarantee: once an InferenceService is steady, reconciling it again writes nothing to the API server. The
 * test forces reconciles of the unchanged resource through each dependent's informer (another tool annotating the
 * Deployment, the Service and the PodDisruptionBudget), waits until JOSDK reports each of those reconciles finished
 * (its Micrometer counter), and counts the operator's requests the mock server recorded meanwhile. The test's own
 * requests carry their own User-Agent and are left out.
 *
 * <p>Its own test profile gives it a fresh operator and mock server, so the only reconciles the controller-wide
 * counter sees are this resource's.
 */
@QuarkusTest
@TestProfile(SteadyStateWritesTest.OwnOperator.class)
@WithKubernetesTestServer(crud = true)
class SteadyStateWritesTest {

    private static final String TEST_AGENT = "kinfer-steady-state-test";
    private static final String NAMESPACE = "steady";
    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");

    /** A distinct profile so that Quarkus, the operator and the mock server start afresh for this class. */
    public static class OwnOperator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.operator.cluster-domain", "steady.test");
        }
    }

    @Inject
    KubernetesClient operatorClient;

    @Inject
    MeterRegistry meters;

    @KubernetesTestServer
    KubernetesServer server;

    private KubernetesClient client;
    private MockCluster cluster;

    @BeforeEach
    void connect() {
        client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(operatorClient.getConfiguration()).withUserAgent(TEST_AGENT).build())
                .build();
        cluster = new MockCluster(client, NAMESPACE);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    @Test
    void writesNothingWhenASteadyServiceIsReconciledAgain() throws InterruptedException {
        // Two replicas, so that all three dependents exist: Deployment, Service and PodDisruptionBudget.
        InferenceService isvc = cluster.create(s -> {
            Fixtures.predictor(s).setMinReplicas(2);
            return s;
        });
        String name = isvc.getMetadata().getName();
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        MockCluster.eventually().until(() -> budget(name), b -> b != null);
        // A first forced reconcile settles whatever the creation left in flight; it is not counted.
        reconcileThrough(() -> client.apps().deployments().inNamespace(NAMESPACE).withName(name + "-predictor")
                .get(), "warm-up");
        drainRequests();

        int reconciles = reconcileThrough(() -> client.apps().deployments().inNamespace(NAMESPACE)
                .withName(name + "-predictor").get(), "deployment")
                + reconcileThrough(() -> client.services().inNamespace(NAMESPACE).withName(name).get(), "service")
                + reconcileThrough(() -> budget(name), "budget");

        List<String> writes = operatorWrites(drainRequests());
        assertTrue(reconciles >= 3, "each touch must have brought a reconcile, saw " + reconciles);
        assertEquals(List.of(), writes, "operator writes while reconciling an unchanged, steady service");
    }

    /**
     * Another tool annotates one of the dependents; returns how many reconciles JOSDK finished before this returns
     * (at least the one the annotation caused).
     */
    private int reconcileThrough(Supplier<? extends HasMetadata> dependent, String touch) {
        double before = reconcilesFinished();
        HasMetadata resource = dependent.get();
        if (resource.getMetadata().getAnnotations() == null) {
            resource.getMetadata().setAnnotations(new HashMap<>());
        }
        resource.getMetadata().getAnnotations().put("example.com/touched-by-another-tool", touch);
        client.resource(resource).update();
        double after = MockCluster.eventually().until(this::reconcilesFinished, n -> n > before);
        return (int) (after - before);
    }

    private double reconcilesFinished() {
        return meters.find("reconciliations.success.total").counters().stream().mapToDouble(Counter::count).sum()
                + meters.find("reconciliations.failure.total").counters().stream().mapToDouble(Counter::count).sum();
    }

    private io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget budget(String name) {
        return client.policy().v1().podDisruptionBudget().inNamespace(NAMESPACE).withName(name + "-predictor").get();
    }

    private List<RecordedRequest> drainRequests() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    private static List<String> operatorWrites(List<RecordedRequest> requests) {
        return requests.stream()
                .filter(r -> !TEST_AGENT.equals(r.getHeader("User-Agent")))
                .filter(r -> WRITES.contains(r.getMethod().toUpperCase()))
                .map(r -> r.getMethod() + " " + r.getPath())
                .toList();
    }
}
