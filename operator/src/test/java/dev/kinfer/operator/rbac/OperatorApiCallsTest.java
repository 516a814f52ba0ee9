package dev.kinfer.operator.rbac;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.Edits;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.profile.ProfilingTestData;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import dev.kinfer.operator.reconciler.InferenceServiceReconciler;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependentResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * Records every API request the operator makes while it runs the life of an InferenceService against the mock API
 * server, turns them into RBAC permissions, and writes them to {@value #OUTPUT} for the chart's least-privilege
 * test (e2e {@code RbacLeastPrivilegeTest}). Its own test profile gives it a fresh Quarkus start and a fresh mock
 * server, so the operator's start-up requests (the CRD check, the informers' list and watch) are recorded too and
 * no other test's requests are. The test's own requests carry their own User-Agent and are left out.
 *
 * <p>The tests run with server-side apply off (the mock has none); production runs with it on. The recorded
 * writes are therefore translated to what the same code paths send with SSA: JOSDK applies the workflow's
 * dependents with an apply patch (a create of a missing object needs create and patch, an update needs patch) and
 * patches the primary's status either way.
 */
@QuarkusTest
@TestProfile(OperatorApiCallsTest.FreshOperator.class)
@WithKubernetesTestServer(crud = true)
class OperatorApiCallsTest {

    static final String OUTPUT = "target/kinfer-rbac/operator-permissions.json";
    private static final String TEST_AGENT = "kinfer-rbac-recorder-test";
    private static final String NS = "rbac";
    /** Applied only by the test profile (quarkus.operator-sdk.crd.apply=true); production never writes CRDs. */
    private static final Predicate<ApiCall> TEST_ONLY = c -> c.resource().equals("customresourcedefinitions")
            && !c.verb().equals("get");

    /** A distinct profile so that Quarkus, the operator and the mock server start afresh for this class. */
    public static class FreshOperator implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.operator.cluster-domain", "rbac.test");
        }
    }

    @Inject
    KubernetesClient operatorClient;

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void recordsThePermissionsTheOperatorUsesOverAServicesLife() throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(operatorClient.getConfiguration()).withUserAgent(TEST_AGENT).build())
                .build()) {
            runTheLifeOfAService(client);
        }
        List<RecordedRequest> requests = drain();
        List<ApiCall> calls = new ArrayList<>();
        for (RecordedRequest request : requests) {
            if (TEST_AGENT.equals(request.getHeader("User-Agent"))) {
                continue;
            }
            ApiCall.parse(request.getMethod(), request.getPath()).filter(TEST_ONLY.negate()).ifPresent(calls::add);
        }
        Set<Permission> observed = calls.stream().map(Permission::of).collect(Collectors.toCollection(TreeSet::new));
        Set<Permission> production = calls.stream().flatMap(c -> withServerSideApply(c).stream())
                .map(Permission::of).collect(Collectors.toCollection(TreeSet::new));

        assertTrue(production.stream().anyMatch(p -> p.resource().equals("deployments") && p.verb().equals("create")),
                "the scenario must have created a Deployment: " + observed);
        assertTrue(production.stream().anyMatch(p -> p.resource().equals("inferenceservices/status")),
                "the scenario must have written a status: " + observed);
        assertTrue(production.stream().filter(p -> p.verb().equals("delete")).map(Permission::resource)
                        .allMatch(r -> r.equals("jobs") || r.equals("poddisruptionbudgets")),
                "the operator deletes only finished profiling Jobs and unneeded disruption budgets (garbage "
                        + "collection removes the rest): " + observed);
        for (String used : List.of("jobs", "pods", "nodes", "events", "poddisruptionbudgets")) {
            assertTrue(production.stream().anyMatch(p -> p.resource().equals(used)),
                    "the scenario must have exercised " + used + ": " + observed);
        }
        write(observed, production);
    }

    private void runTheLifeOfAService(KubernetesClient client) {
        // A valid service: Deployment and Service created, status written.
        InferenceService isvc = Fixtures.service("recorded", NS);
        isvc.getMetadata().setUid(null);
        isvc.getMetadata().setGeneration(null);
        client.resource(isvc).create();
        Deployment deployment = eventually().until(() -> deployment(client), d -> d != null);
        eventually().until(() -> client.services().inNamespace(NS).withName("recorded").get(), s -> s != null);
        awaitReady(client, "recorded", "DeploymentPending");

        // Playing the Deployment controller: the rollout completes, the status follows.
        int replicas = deployment.getSpec().getReplicas();
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).build());
        client.resource(deployment).updateStatus();
        awaitReady(client, "recorded", "DeploymentAvailable");

        // A spec edit updates the Deployment.
        eventually().until(() -> Edits.applied(() -> client.resources(InferenceService.class).inNamespace(NS)
                .withName("recorded").edit(s -> {
                    s.getSpec().getPredictor().setWorkers(3);
                    return s;
                })));
        eventually().until(() -> deployment(client).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .stream().anyMatch(e -> e.getName().equals("KINFER_WORKERS") && e.getValue().equals("3")));

        // An SLA with a declared profile on a GPU: planned to 3 replicas (a PodDisruptionBudget, a PlanChanged
        // Event, the GPU-node informer); then fewer replicas: the budget goes.
        InferenceService planned = Fixtures.h200WorkedExample(Fixtures.service("planned", NS));
        planned.getMetadata().setUid(null);
        planned.getMetadata().setGeneration(null);
        client.resource(planned).create();
        eventually().until(() -> client.policy().v1().podDisruptionBudget().inNamespace(NS)
                .withName("planned-predictor").get(), b -> b != null);
        eventually().until(() -> client.resources(InferenceService.class).inNamespace(NS).withName("planned").get()
                .getStatus(), st -> st != null && st.getObservedGeneration() != null);
        eventually().until(() -> Edits.applied(() -> client.resources(InferenceService.class).inNamespace(NS)
                .withName("planned").edit(s -> {
                    s.getSpec().setSla(null);
                    return s;
                })));
        eventually().until(() -> client.policy().v1().podDisruptionBudget().inNamespace(NS)
                .withName("planned-predictor").get() == null);

        // An SLA without a profile: a profiling Job, read from its pod and then deleted.
        InferenceService profiled = Fixtures.service("profiled", NS);
        profiled.getMetadata().setUid(null);
        profiled.getMetadata().setGeneration(null);
        profiled.getSpec().setSla(new SlaSpec(50.0, 100.0));
        client.resource(profiled).create();
        Job job = eventually().until(() -> client.batch().v1().jobs().inNamespace(NS).withName("profiled-profile-1")
                .get(), j -> j != null);
        client.resource(ProfilingTestData.terminatedPod(job, 0, ProfilingTestData.CPU_PROFILE)).create();
        client.resource(ProfilingTestData.succeeded(job, java.time.Instant.now().toString())).updateStatus();
        eventually().until(() -> client.batch().v1().jobs().inNamespace(NS).withName("profiled-profile-1").get()
                == null);

        // An invalid service: only a status (and a Warning Event).
        InferenceService invalid = Fixtures.service("invalid", NS);
        invalid.getMetadata().setUid(null);
        invalid.getMetadata().setGeneration(null);
        invalid.getSpec().getPredictor().getModel().setModelFormat(new ModelFormat("onnx"));
        client.resource(invalid).create();
        awaitReady(client, "invalid", "InvalidSpec");
    }

    private static Deployment deployment(KubernetesClient client) {
        return client.apps().deployments().inNamespace(NS).withName("recorded-predictor").get();
    }

    private static void awaitReady(KubernetesClient client, String name, String reason) {
        eventually().until(() -> {
            InferenceService now = client.resources(InferenceService.class).inNamespace(NS).withName(name).get();
            if (now == null || now.getStatus() == null || now.getStatus().getConditions() == null) {
                return null;
            }
            return now.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                    .map(Condition::getReason).orElse(null);
        }, reason::equals);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50));
    }

    private List<RecordedRequest> drain() throws InterruptedException {
        List<RecordedRequest> requests = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            requests.add(request);
        }
        return requests;
    }

    /** What a recorded call becomes with server-side apply on (see the class comment). */
    static List<ApiCall> withServerSideApply(ApiCall call) {
        boolean dependent = dependentResources().contains(call.group() + "/" + call.resource());
        if (dependent && call.verb().equals("create")) {
            return List.of(call, call.withVerb("patch"));
        }
        if (dependent && call.verb().equals("update")) {
            return List.of(call.withVerb("patch"));
        }
        if (call.resource().equals("inferenceservices/status") && call.verb().equals("update")) {
            return List.of(call.withVerb("patch"));
        }
        return List.of(call);
    }

    /** group/plural of every dependent in the reconciler's workflow: the resources JOSDK applies with SSA. */
    static Set<String> dependentResources() {
        Set<String> resources = new TreeSet<>();
        for (Dependent dependent : InferenceServiceReconciler.class.getAnnotation(Workflow.class).dependents()) {
            try {
                var instance = (KubernetesDependentResource<?, ?>) dependent.type().getDeclaredConstructor().newInstance();
                Class<? extends HasMetadata> type = instance.resourceType();
                resources.add(HasMetadata.getGroup(type) + "/" + HasMetadata.getPlural(type));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot instantiate dependent " + dependent.type(), e);
            }
        }
        return resources;
    }

    private static void write(Set<Permission> observed, Set<Permission> production) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("about", "Permissions the operator used against the mock API server (OperatorApiCallsTest), and the "
                + "same code paths with server-side apply on, as in production. RbacLeastPrivilegeTest compares the "
                + "chart's RBAC with 'production'.");
        out.put("observedWithoutServerSideApply", observed);
        out.put("production", production);
        Path path = Path.of(OUTPUT);
        Files.createDirectories(path.getParent());
        Files.writeString(path, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(out));
    }
}
