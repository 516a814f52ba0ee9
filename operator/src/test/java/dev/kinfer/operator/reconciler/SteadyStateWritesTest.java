package dev.kinfer.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
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
 * tests force reconciles of the unchanged resource through each informer that maps back to it (another tool
 * annotating the Deployment, the Service, the PodDisruptionBudget, a running profiling Job), wait until JOSDK
 * reports each of those reconciles finished (its Micrometer counter), and count the operator's requests the mock
 * server recorded meanwhile. The tests' own requests carry their own User-Agent and are left out.
 *
 * <p>Its own test profile gives it a fresh operator and mock server, so the only reconciles the controller-wide
 * counter sees are of this class's resources, and every earlier one is steady when the next test starts.
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
    void writesNothingWhenASteadyPinnedServiceIsReconciledAgain() throws InterruptedException {
        // Two replicas, so that all three dependents exist: Deployment, Service and PodDisruptionBudget.
        InferenceService isvc = cluster.create(s -> {
            Fixtures.predictor(s).setMinReplicas(2);
            return s;
        });
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        MockCluster.eventually().until(() -> budget(isvc.getMetadata().getName()), b -> b != null);

        assertReconcilingAgainWritesNothing(isvc);
    }

    @Test
    void writesNothingWhenASteadyPlannedServiceIsReconciledAgain() throws InterruptedException {
        // Planned from an SLA and a declared profile: three replicas, predictions in the status, a PlanChanged Event.
        InferenceService isvc = cluster.create(Fixtures::h200WorkedExample);
        cluster.awaitCondition(isvc, "Planned", "True", "SlaMet");
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        MockCluster.eventually().until(() -> budget(isvc.getMetadata().getName()), b -> b != null);

        assertReconcilingAgainWritesNothing(isvc);
    }

    @Test
    void writesNothingWhileAProfilingJobRuns() throws InterruptedException {
        InferenceService isvc = cluster.create(s -> {
            s.getSpec().setSla(new SlaSpec(50.0, 500.0));
            Fixtures.predictor(s).setResources(new ResourceRequirementsBuilder()
                    .addToLimits("cpu", new Quantity("2")).addToLimits("memory", new Quantity("2Gi")).build());
            return s;
        });
        cluster.awaitCondition(isvc, "Profiled", "False", "Profiling");
        MockCluster.eventually().until(() -> profilingJob(isvc.getMetadata().getName()), j -> j != null);
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");

        assertReconcilingAgainWritesNothing(isvc);
    }

    /**
     * Forces reconciles of the unchanged service through each of its dependents and asserts the operator wrote
     * nothing meanwhile.
     */
    private void assertReconcilingAgainWritesNothing(InferenceService isvc) throws InterruptedException {
        String name = isvc.getMetadata().getName();
        Supplier<HasMetadata> deployment = () -> client.apps().deployments().inNamespace(NAMESPACE)
                .withName(name + "-predictor").get();
        // A first forced reconcile settles whatever the creation left in flight; it is not counted.
        reconcileThrough(deployment, "warm-up");
        drainRequests();

        List<Supplier<HasMetadata>> dependents = new ArrayList<>(List.of(deployment,
                () -> client.services().inNamespace(NAMESPACE).withName(name).get()));
        if (budget(name) != null) {
            dependents.add(() -> budget(name));
        }
        if (profilingJob(name) != null) {
            dependents.add(() -> profilingJob(name));
        }
        int reconciles = 0;
        for (Supplier<HasMetadata> dependent : dependents) {
            reconciles += reconcileThrough(dependent, "touch");
        }

        List<String> writes = operatorWrites(drainRequests());
        assertTrue(reconciles >= dependents.size(), "each touch must have brought a reconcile, saw " + reconciles);
        assertEquals(List.of(), writes, "operator writes while reconciling an unchanged, steady service");
    }

    /**
     * Another tool annotates one of the dependents; returns how many reconciles JOSDK finished before this returns
     * (at least the one the annotation caused).
     */
    private int reconcileThrough(Supplier<HasMetadata> dependent, String touch) {
        double before = reconcilesFinished();
        HasMetadata resource = dependent.get();
        if (resource.getMetadata().getAnnotations() == null) {
            resource.getMetadata().setAnnotations(new HashMap<>());
        }
        resource.getMetadata().getAnnotations().put("example.com/touched-by-another-tool", touch + "-" + before);
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

    private Job profilingJob(String name) {
        return client.batch().v1().jobs().inNamespace(NAMESPACE).withName(name + "-profile-1").get();
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
