package dev.kinfer.operator.faults;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.Edits;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.faults.FaultyApiServer.Late;
import dev.kinfer.operator.faults.FaultyApiServer.Rule;
import dev.kinfer.operator.faults.FaultyApiServer.Silent;
import dev.kinfer.operator.faults.FaultyApiServer.Status;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults: the API server answers some calls with 409 conflicts or 500s, answers slowly or not in time, or the
 * operator is stopped in the middle of a reconcile and a fresh one takes over. In every case the system converges
 * to the resources the spec asks for, each exactly once, owned by the InferenceService, with nothing left behind.
 * Each test checks that its faults were actually hit, so none can pass without the fault it is about.
 */
class ApiServerFaultsTest {

    private static final String NS = "faults";
    private static final String NAME = "resnet";
    private static final String DEPLOYMENT = NAME + "-predictor";
    private static final String BASE = "/apis/%s/namespaces/" + NS + "/%s";
    private static final String DEPLOYMENTS = BASE.formatted("apps/v1", "deployments");
    private static final String SERVICES = "/api/v1/namespaces/" + NS + "/services";
    private static final String BUDGETS = BASE.formatted("policy/v1", "poddisruptionbudgets");
    private static final String JOBS = BASE.formatted("batch/v1", "jobs");
    private static final String STATUS = BASE.formatted("serving.kinfer.dev/v1alpha1", "inferenceservices") + "/"
            + NAME + "/status";

    private FaultyApiServer api;
    private KubernetesClient client;
    /** Every operator a test started, stopped after it whatever happened. */
    private final List<RunningOperator> operators = new ArrayList<>();

    @BeforeEach
    void startApiServer() throws IOException {
        api = new FaultyApiServer();
        client = api.client(c -> c.withUserAgent("kinfer-faults-test"));
        try (InputStream crd = Files.newInputStream(Path.of("../crds/inferenceservices.serving.kinfer.dev-v1.yml"))) {
            client.apiextensions().v1().customResourceDefinitions().load(crd).create();
        }
    }

    @AfterEach
    void stopEverything() {
        operators.forEach(RunningOperator::close);
        client.close();
        api.close();
    }

    @Test
    void createsEachResourceOnceWhenTheApiServerFailsCreatesAndTheStatusWithInternalErrors() {
        List<Rule> faults = List.of(
                // More failures than the other dependents' creation events bring reconciles: only a retry gets it done.
                api.on("POST", DEPLOYMENTS, 3, new Status(500, "InternalError")),
                api.on("POST", SERVICES, 1, new Status(500, "InternalError")),
                api.on("POST", BUDGETS, 1, new Status(500, "InternalError")),
                api.on("PATCH", STATUS, 1, new Status(500, "InternalError")));
        // Fabric8's client retries 5xx answers itself (request-retry-backoff-limit); off here, so that what recovers
        // is the operator's own retry of the failed reconcile.
        startOperator(c -> c.withRequestRetryBackoffLimit(0));

        create(s -> {
            Fixtures.predictor(s).setMinReplicas(2);
            return s;
        });

        awaitStatusOf(1, "DeploymentPending");
        assertEquals(List.of(3, 1, 1, 1), faults.stream().map(Rule::hits).toList(), "faults hit");
        assertOwnedOnce(deployments(), services(), budgets());
        assertEquals(2, deployment().getSpec().getReplicas());
    }

    @Test
    void appliesASpecChangeThroughConflictsOnTheDeploymentAndTheStatus() {
        startOperator(c -> { });
        create(s -> s);
        awaitStatusOf(1, "DeploymentPending");
        List<Rule> faults = List.of(
                api.on("PUT", DEPLOYMENTS + "/" + DEPLOYMENT, 2, new Status(409, "Conflict")),
                api.on("PATCH", STATUS, 1, new Status(409, "Conflict")));

        edit(s -> {
            Fixtures.predictor(s).setWorkers(3);
            return s;
        });

        awaitStatusOf(2, "DeploymentPending");
        assertEquals(2, faults.get(0).hits());
        assertEquals(1, faults.get(1).hits());
        assertEquals("3", env(deployment()).get("KINFER_WORKERS"));
        assertOwnedOnce(deployments(), services());
        assertEquals(List.of(), budgets());
    }

    @Test
    void createsOneDeploymentWhenTheAnswerToItsCreateNeverArrivesInTime() {
        // The API server creates the Deployment but the operator's client gives up waiting for the answer.
        Rule late = api.on("POST", DEPLOYMENTS, 1, new Late(Duration.ofSeconds(30)));
        startOperator(c -> c.withRequestTimeout(5_000));

        create(s -> s);

        awaitStatusOf(1, "DeploymentPending");
        assertEquals(1, late.hits());
        assertOwnedOnce(deployments(), services());
    }

    @Test
    void followsTheLatestSpecWhenAnUpdateIsSlowAndTheSpecChangesMeanwhile() {
        startOperator(c -> { });
        create(s -> s);
        awaitStatusOf(1, "DeploymentPending");
        Rule slow = api.on("PUT", DEPLOYMENTS + "/" + DEPLOYMENT, 1, new Late(Duration.ofSeconds(2)));

        edit(s -> {
            Fixtures.predictor(s).setWorkers(2);
            return s;
        });
        eventually().until(slow::hits, hits -> hits == 1);
        // While the operator waits for the slow answer, the spec changes again.
        edit(s -> {
            Fixtures.predictor(s).setWorkers(3);
            return s;
        });

        awaitStatusOf(3, "DeploymentPending");
        assertEquals("3", env(deployment()).get("KINFER_WORKERS"));
        assertEquals(3, current().getStatus().getPlan().getWorkersPerPod());
        assertOwnedOnce(deployments(), services());
    }

    @Test
    void aFreshOperatorFinishesAFirstReconcileTheStoppedOneLeftHalfDone() {
        // The first operator creates the profiling Job and the Deployment, then hangs on the Service.
        Rule hang = api.on("POST", SERVICES, 1, new Silent(Duration.ofSeconds(60)));
        RunningOperator first = startOperator(c -> { });
        create(s -> {
            Fixtures.predictor(s).setMinReplicas(2);
            withSlaButNoProfile(s);
            return s;
        });
        eventually().until(() -> hang.hits() == 1 && !jobs().isEmpty() && !deployments().isEmpty());
        first.stop();
        assertTrue(services().isEmpty(), "the stopped operator must not have created the Service");

        startOperator(c -> { });

        awaitStatusOf(1, "DeploymentPending");
        eventually().until(() -> budgets().size() == 1);
        assertOwnedOnce(deployments(), services(), budgets(), jobs());
        assertEquals(NAME + "-profile-1", jobs().get(0).getMetadata().getName(), "no second profiling attempt");
        assertEquals("Profiling", condition("Profiled").getReason());
    }

    @Test
    void aFreshOperatorFinishesAnUpdateTheStoppedOneLeftHalfDoneAndLeavesNothingBehind() {
        RunningOperator first = startOperator(c -> { });
        create(s -> {
            Fixtures.predictor(s).setMinReplicas(2);
            withSlaButNoProfile(s);
            return s;
        });
        eventually().until(() -> budgets().size() == 1 && jobs().size() == 1);
        awaitStatusOf(1, "DeploymentPending");
        // The first operator starts applying the edit and hangs deleting the budget one replica no longer needs.
        Rule hang = api.on("DELETE", BUDGETS + "/" + DEPLOYMENT, 1, new Silent(Duration.ofSeconds(60)));
        edit(s -> {
            s.getSpec().setSla(null);
            Fixtures.predictor(s).setMinReplicas(1);
            Fixtures.predictor(s).setWorkers(3);
            return s;
        });
        eventually().until(hang::hits, hits -> hits == 1);
        first.stop();
        assertEquals(1, budgets().size(), "the stopped operator must not have deleted the budget");

        startOperator(c -> { });

        awaitStatusOf(2, "DeploymentPending");
        eventually().until(() -> budgets().isEmpty() && jobs().isEmpty());
        assertOwnedOnce(deployments(), services());
        assertEquals("3", env(deployment()).get("KINFER_WORKERS"));
        assertEquals(1, deployment().getSpec().getReplicas());
    }

    private RunningOperator startOperator(Consumer<ConfigBuilder> clientConfig) {
        RunningOperator operator = RunningOperator.start(api, clientConfig);
        operators.add(operator);
        return operator;
    }

    private static void withSlaButNoProfile(InferenceService isvc) {
        isvc.getSpec().setSla(new SlaSpec(50.0, 500.0));
        Fixtures.predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("2")).addToLimits("memory", new Quantity("2Gi")).build());
    }

    private void create(UnaryOperator<InferenceService> customise) {
        InferenceService isvc = customise.apply(Fixtures.service(NAME, NS));
        isvc.getMetadata().setUid(null);
        isvc.getMetadata().setGeneration(null);
        client.resource(isvc).create();
    }

    /** Edits the spec; only after a first status (the mock's quirk, see MockCluster.edit). */
    private void edit(UnaryOperator<InferenceService> change) {
        eventually().until(() -> Edits.applied(
                () -> client.resources(InferenceService.class).inNamespace(NS).withName(NAME).edit(change)));
    }

    private InferenceService current() {
        return client.resources(InferenceService.class).inNamespace(NS).withName(NAME).get();
    }

    private Condition condition(String type) {
        return current().getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst()
                .orElseThrow();
    }

    /** Waits until the status describes generation {@code generation} with Ready's {@code reason}. */
    private void awaitStatusOf(long generation, String readyReason) {
        eventually().until(this::current, isvc -> isvc.getStatus() != null
                && Long.valueOf(generation).equals(isvc.getStatus().getObservedGeneration())
                && isvc.getStatus().getConditions() != null
                && isvc.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                        && readyReason.equals(c.getReason())));
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace(NS).withName(DEPLOYMENT).get();
    }

    private List<? extends HasMetadata> deployments() {
        return client.apps().deployments().inNamespace(NS).list().getItems();
    }

    private List<? extends HasMetadata> services() {
        return client.services().inNamespace(NS).list().getItems();
    }

    private List<? extends HasMetadata> budgets() {
        return client.policy().v1().podDisruptionBudget().inNamespace(NS).list().getItems();
    }

    private List<? extends HasMetadata> jobs() {
        return client.batch().v1().jobs().inNamespace(NS).list().getItems();
    }

    /** Each list holds exactly one object, controlled by the InferenceService as it is now. */
    @SafeVarargs
    private void assertOwnedOnce(List<? extends HasMetadata>... kinds) {
        String uid = current().getMetadata().getUid();
        for (List<? extends HasMetadata> objects : kinds) {
            assertEquals(1, objects.size(), "expected exactly one, found " + objects.stream()
                    .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList());
            List<OwnerReference> owners = objects.get(0).getMetadata().getOwnerReferences();
            assertEquals(1, owners.size(), objects.get(0).getKind() + " owners " + owners);
            assertEquals(uid, owners.get(0).getUid(), objects.get(0).getKind() + " owner");
            assertEquals(Boolean.TRUE, owners.get(0).getController(), objects.get(0).getKind() + " controller");
        }
    }

    private static Map<String, String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    private static ConditionFactory eventually() {
        // Generous: the first test of a JVM also pays for loading Vert.x, Fabric8 and JOSDK on a shared machine.
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }
}
