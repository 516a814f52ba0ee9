package dev.kinfer.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.api.v1alpha1.InferenceService;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.awaitility.core.ConditionFactory;

/**
 * What the e2e tests do with InferenceServices on the cluster under test (local or real): apply examples, wait for
 * conditions, infer through the Service, look at the replicas.
 */
final class Services {

    static final Path ROOT = Path.of(System.getProperty("kinfer.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    private final TestCluster cluster;
    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Services(TestCluster cluster) {
        this.cluster = cluster;
        this.client = cluster.client();
    }

    /** Runtime processes start in seconds here; a model load and warm-up on 2 busy cores may take a minute. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100));
    }

    /**
     * Applies an example manifest into the test namespace {@code namespace} ({@link TestCluster#namespace}), with the
     * cluster's URI of the demo model, optionally changed first.
     */
    InferenceService applyExample(String file, String namespace, UnaryOperator<InferenceService> change)
            throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("examples").resolve(file))) {
            InferenceService example = client.resources(InferenceService.class).load(in).item();
            var model = example.getSpec().getPredictor().getModel();
            if (LocalTestCluster.MODEL_URI.equals(model.getStorageUri())) {
                model.setStorageUri(cluster.modelUri());
            }
            InferenceService isvc = change.apply(example);
            isvc.getMetadata().setNamespace(cluster.namespace(namespace));
            return client.resource(isvc).create();
        }
    }

    InferenceService current(InferenceService isvc) {
        return client.resources(InferenceService.class).inNamespace(isvc.getMetadata().getNamespace())
                .withName(isvc.getMetadata().getName()).get();
    }

    Optional<Condition> condition(InferenceService isvc, String type) {
        InferenceService now = current(isvc);
        if (now == null || now.getStatus() == null || now.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return now.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    Condition awaitCondition(InferenceService isvc, String type, String status, String reason) {
        return eventually().until(() -> condition(isvc, type).orElse(null),
                c -> c != null && status.equals(c.getStatus()) && (reason == null || reason.equals(c.getReason())));
    }

    /**
     * Edits the spec once the operator has written a first status (the mock API server, unlike a real one, breaks
     * status patches when the main resource is patched before any status exists; docs/operator.md).
     */
    InferenceService edit(InferenceService isvc, UnaryOperator<InferenceService> change) {
        eventually().until(() -> current(isvc).getStatus(), s -> s != null && s.getObservedGeneration() != null);
        return client.resources(InferenceService.class).inNamespace(isvc.getMetadata().getNamespace())
                .withName(isvc.getMetadata().getName()).edit(change);
    }

    /** A local URL of the Service, once one reaches it. */
    URI serviceUrl(InferenceService isvc) {
        return cluster.serviceUrl(isvc.getMetadata().getNamespace(), isvc.getMetadata().getName());
    }

    HttpResponse<String> infer(URI service, String model, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve("/v2/models/" + model + "/infer"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The demo request's output compared with the PyTorch answer in examples/models/demo-response.json. */
    static List<String> demoMismatches(String responseBody) throws IOException {
        JsonNode want = JSON.readTree(ROOT.resolve("examples/models/demo-response.json").toFile())
                .path("outputs").get(0).path("data");
        double[] values = new double[want.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = want.get(i).asDouble();
        }
        return Golden.mismatches(values, JSON.readTree(responseBody).path("outputs").get(0).path("data"));
    }

    static String demoRequest() throws IOException {
        return Files.readString(ROOT.resolve("examples/models/demo-request.json"));
    }

    /** Deletes an InferenceService and waits until none of its replicas is left. */
    void delete(InferenceService isvc) {
        client.resource(isvc).delete();
        eventually().until(() -> replicas(isvc).isEmpty());
    }

    /** The replicas of the service's Deployment, not counting those being stopped. */
    List<TestCluster.Replica> replicas(InferenceService isvc) {
        return cluster.replicas(isvc.getMetadata().getNamespace(), deploymentName(isvc));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    String deploymentName(InferenceService isvc) {
        return isvc.getMetadata().getName() + "-predictor";
    }
}
