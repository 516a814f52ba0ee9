package dev.kinfer.operator.reconciler;

import static org.awaitility.Awaitility.await;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Edits;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;

/** What operator tests do to the mock API server, including playing the Deployment controller. */
final class MockCluster {

    static final String NS = "serving";
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final KubernetesClient client;
    private final String namespace;

    MockCluster(KubernetesClient client) {
        this(client, NS);
    }

    /** A cluster view confined to one namespace, for tests that count what happens in it. */
    MockCluster(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50));
    }

    static String uniqueName() {
        return "isvc-" + NAMES.incrementAndGet();
    }

    InferenceService create(UnaryOperator<InferenceService> customise) {
        InferenceService isvc = customise.apply(Fixtures.service(uniqueName(), namespace));
        isvc.getMetadata().setUid(null);
        isvc.getMetadata().setGeneration(null);
        return client.resource(isvc).create();
    }

    InferenceService current(InferenceService isvc) {
        return client.resources(InferenceService.class).inNamespace(namespace).withName(isvc.getMetadata().getName()).get();
    }

    Deployment deployment(InferenceService isvc) {
        return client.apps().deployments().inNamespace(namespace).withName(isvc.getMetadata().getName() + "-predictor").get();
    }

    Deployment awaitDeployment(InferenceService isvc) {
        return eventually().until(() -> deployment(isvc), d -> d != null);
    }

    Optional<Condition> condition(InferenceService isvc, String type) {
        InferenceService now = current(isvc);
        if (now == null || now.getStatus() == null || now.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return now.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    Condition awaitReady(InferenceService isvc, String status, String reason) {
        return eventually().until(() -> condition(isvc, "Ready").orElse(null),
                c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
    }

    Condition awaitCondition(InferenceService isvc, String type, String status, String reason) {
        return eventually().until(() -> condition(isvc, type).orElse(null),
                c -> c != null && status.equals(c.getStatus()) && reason.equals(c.getReason()));
    }

    static Map<String, String> env(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    /** Plays the Deployment controller: every desired replica rolled out and available. */
    void reportAllReplicasAvailable(InferenceService isvc) {
        Deployment deployment = awaitDeployment(isvc);
        int replicas = deployment.getSpec().getReplicas();
        deployment.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .build());
        client.resource(deployment).updateStatus();
    }

    /**
     * Edits the spec once the operator has written a first status. The mock, unlike a real API server, stores
     * "status": null when the main resource is patched before any status exists, and then fails every JSON
     * patch of the status subresource.
     */
    void edit(InferenceService isvc, UnaryOperator<InferenceService> change) {
        eventually().until(() -> current(isvc).getStatus(), s -> s != null && s.getObservedGeneration() != null);
        eventually().until(() -> Edits.applied(() -> client.resources(InferenceService.class).inNamespace(namespace)
                .withName(isvc.getMetadata().getName()).edit(change)));
    }
}
