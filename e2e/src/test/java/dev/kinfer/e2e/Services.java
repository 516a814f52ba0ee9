package dev.kinfer.e2e;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.cluster.LocalCluster;
import dev.kinfer.e2e.cluster.PodInfo;
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

/** What the e2e tests do with InferenceServices on the local cluster: apply examples, wait for conditions, infer. */
final class Services {

    static final Path ROOT = Path.of(System.getProperty("kinfer.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();

    private final LocalCluster cluster;
    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Services(LocalCluster cluster) {
        this.cluster = cluster;
        this.client = cluster.client();
    }

    /** Runtime processes start in seconds here; a model load and warm-up on 2 busy cores may take a minute. */
    static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100));
    }

    /** Applies an example manifest into {@code namespace}, optionally changed first. */
    InferenceService applyExample(String file, String namespace, UnaryOperator<InferenceService> change)
            throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("examples").resolve(file))) {
            InferenceService isvc = change.apply(client.resources(InferenceService.class).load(in).item());
            isvc.getMetadata().setNamespace(namespace);
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

    /** The Service's local URL, once the node agent has opened its port. */
    URI serviceUrl(InferenceService isvc) {
        String url = eventually().until(() -> cluster.agent()
                .serviceUrl(isvc.getMetadata().getNamespace(), isvc.getMetadata().getName()).orElse(null),
                u -> u != null);
        return URI.create(url);
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

    /** Deletes an InferenceService and waits until the node agent runs none of its replicas. */
    void delete(InferenceService isvc) {
        client.resource(isvc).delete();
        eventually().until(() -> cluster.agent().pods(isvc.getMetadata().getNamespace(), deploymentName(isvc)).isEmpty());
    }

    List<PodInfo> pods(InferenceService isvc) {
        return cluster.agent().pods(isvc.getMetadata().getNamespace(), deploymentName(isvc));
    }

    static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    String deploymentName(InferenceService isvc) {
        return isvc.getMetadata().getName() + "-predictor";
    }
}
