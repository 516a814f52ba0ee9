package dev.kinfer.operator.reconciler;

import static dev.kinfer.operator.reconciler.MockCluster.NS;
import static dev.kinfer.operator.reconciler.MockCluster.env;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Edits;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a GitOps user can rely on: the InferenceService is the source of truth for what the operator manages, hand
 * edits of those fields are put back, everything else other tools add is left alone, and the pods roll only when
 * their template really changes. Same resources as {@link InferenceServiceReconcilerTest}, so it shares that test's
 * Quarkus start and mock API server.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class GitOpsBehaviourTest {

    private static final String FOREIGN_ANNOTATION = "argocd.argoproj.io/tracking-id";
    private static final String FOREIGN_LABEL = "team.example.com/owner";

    @Inject
    KubernetesClient client;

    private MockCluster cluster;

    @BeforeEach
    void connect() {
        cluster = new MockCluster(client);
    }

    @Test
    void putsBackAHandEditedRuntimeImage() {
        InferenceService isvc = cluster.create(s -> s);
        String image = container(cluster.awaitDeployment(isvc)).getImage();
        Deployment edited = editDeployment(isvc, d -> container(d).setImage("someone/else:latest"));
        assertEquals("someone/else:latest", container(edited).getImage());
        MockCluster.eventually().until(() -> container(cluster.deployment(isvc)).getImage(), image::equals);
    }

    @Test
    void putsBackAHandEditedEnvironmentVariable() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.awaitDeployment(isvc);
        Deployment edited = editDeployment(isvc, d -> container(d).getEnv().stream()
                .filter(e -> e.getName().equals("KINFER_WORKERS")).forEach(e -> e.setValue("7")));
        assertEquals("7", env(edited).get("KINFER_WORKERS"));
        MockCluster.eventually().until(() -> env(cluster.deployment(isvc)).get("KINFER_WORKERS"), "1"::equals);
    }

    @Test
    void putsBackAHandScaledReplicaCount() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.awaitDeployment(isvc);
        Deployment edited = editDeployment(isvc, d -> d.getSpec().setReplicas(5));
        assertEquals(5, edited.getSpec().getReplicas());
        MockCluster.eventually().until(() -> cluster.deployment(isvc).getSpec().getReplicas(), r -> r == 1);
    }

    @Test
    void keepsWhatOtherToolsAddToTheDeploymentAndServiceThroughReconcilesAndSpecChanges() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.awaitDeployment(isvc);
        Service service = MockCluster.eventually().until(() -> service(isvc), s -> s != null);
        // Another tool marks both objects; each mark is an informer event, i.e. a reconcile.
        editDeployment(isvc, GitOpsBehaviourTest::markForeign);
        MockCluster.eventually().until(() -> Edits.applied(() -> client.services().inNamespace(NS)
                .withName(service.getMetadata().getName()).edit(s -> {
                    markForeign(s);
                    return s;
                })));

        // A spec change makes the operator update the Deployment (and reconcile the Service).
        cluster.edit(isvc, s -> {
            Fixtures.predictor(s).setWorkers(3);
            return s;
        });

        Deployment updated = MockCluster.eventually().until(() -> cluster.deployment(isvc),
                d -> "3".equals(env(d).get("KINFER_WORKERS")));
        assertForeignMarksKept(updated);
        assertForeignMarksKept(service(isvc));
        assertEquals("kinfer-operator", updated.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    @Test
    void scalesWithoutChangingThePodTemplateWhenOnlyTheReplicaCountChanges() {
        InferenceService isvc = cluster.create(s -> s);
        String template = Serialization.asJson(cluster.awaitDeployment(isvc).getSpec().getTemplate());

        cluster.edit(isvc, s -> {
            Fixtures.predictor(s).setMinReplicas(3);
            return s;
        });

        Deployment scaled = MockCluster.eventually().until(() -> cluster.deployment(isvc),
                d -> d.getSpec().getReplicas() == 3);
        assertEquals(template, Serialization.asJson(scaled.getSpec().getTemplate()),
                "a replicas change must not roll the pods");
    }

    @Test
    void changesThePodTemplateWhenTheImageChanges() {
        InferenceService isvc = cluster.create(s -> s);
        String template = Serialization.asJson(cluster.awaitDeployment(isvc).getSpec().getTemplate());

        cluster.edit(isvc, s -> {
            Fixtures.predictor(s).setImage("kinfer/model-runtime:0.2.0");
            return s;
        });

        Deployment rolled = MockCluster.eventually().until(() -> cluster.deployment(isvc),
                d -> "kinfer/model-runtime:0.2.0".equals(container(d).getImage()));
        assertNotEquals(template, Serialization.asJson(rolled.getSpec().getTemplate()));
        assertEquals(1, rolled.getSpec().getReplicas());
    }

    /** Edits the Deployment as a person with kubectl would; returns what the API server stored. */
    private Deployment editDeployment(InferenceService isvc, java.util.function.Consumer<Deployment> change) {
        java.util.concurrent.atomic.AtomicReference<Deployment> stored = new java.util.concurrent.atomic.AtomicReference<>();
        MockCluster.eventually().until(() -> Edits.applied(() -> stored.set(client.apps().deployments().inNamespace(NS)
                .withName(isvc.getMetadata().getName() + "-predictor").edit(d -> {
                    change.accept(d);
                    return d;
                }))));
        return stored.get();
    }

    private Service service(InferenceService isvc) {
        return client.services().inNamespace(NS).withName(isvc.getMetadata().getName()).get();
    }

    private static io.fabric8.kubernetes.api.model.Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static void markForeign(HasMetadata resource) {
        if (resource.getMetadata().getAnnotations() == null) {
            resource.getMetadata().setAnnotations(new HashMap<>());
        }
        resource.getMetadata().getAnnotations().put(FOREIGN_ANNOTATION, "kinfer:apps/Deployment:serving/x");
        resource.getMetadata().getLabels().put(FOREIGN_LABEL, "vision");
    }

    private static void assertForeignMarksKept(HasMetadata resource) {
        Map<String, String> annotations = resource.getMetadata().getAnnotations();
        assertEquals("kinfer:apps/Deployment:serving/x", annotations == null ? null : annotations.get(FOREIGN_ANNOTATION),
                resource.getKind() + " lost another tool's annotation");
        assertEquals("vision", resource.getMetadata().getLabels().get(FOREIGN_LABEL),
                resource.getKind() + " lost another tool's label");
    }
}
