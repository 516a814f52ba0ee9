package dev.kinfer.e2e;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PlanStatus;
import dev.kinfer.e2e.cluster.LocalCluster;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * The README's quickstart: starts the local cluster (mock API server, the real operator, the node agent), applies
 * examples/demo-cpu.yaml, shows what happens until the InferenceService is Ready, prints its plan, the Service's
 * local URL and a curl line, and serves until Ctrl-C, when the cluster's shutdown hook stops every process.
 * {@code -Dkinfer.quickstart.serve=false} returns after the first inference instead (for scripts).
 */
public final class Quickstart {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(180);
    private static final String NAMESPACE = "default";

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("kinfer.root", ".")).toAbsolutePath().normalize();
        Path example = root.resolve("examples/demo-cpu.yaml");
        Path request = root.resolve("examples/models/demo-request.json");
        boolean serve = Boolean.parseBoolean(System.getProperty("kinfer.quickstart.serve", "true"));

        say("kinfer quickstart: a local cluster serving " + root.relativize(example)
                + " (the demo model examples/models/demo.pt)");
        LocalCluster cluster = LocalCluster.start(root, line -> say("  [cluster] " + line));
        try {
            KubernetesClient client = cluster.client();
            InferenceService demo;
            try (InputStream in = Files.newInputStream(example)) {
                demo = client.resources(InferenceService.class).load(in).item();
            }
            demo.getMetadata().setNamespace(NAMESPACE);
            client.resource(demo).create();
            say("applied " + root.relativize(example) + ": InferenceService " + NAMESPACE + "/"
                    + demo.getMetadata().getName());
            InferenceService ready = awaitReady(client, demo);
            printPlan(ready.getStatus().getPlan());

            String url = cluster.agent().serviceUrl(NAMESPACE, demo.getMetadata().getName()).orElseThrow();
            URI infer = URI.create(url + "/v2/models/demo/infer");
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(infer)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(request)).build(), HttpResponse.BodyHandlers.ofString());
            say("one inference through Service " + NAMESPACE + "/demo -> HTTP " + answer.statusCode() + ": "
                    + answer.body());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the demo inference failed; see " + cluster.agent().log().file());
            }
            say("");
            say("Serving at " + url + " (the Service demo; in a cluster: " + ready.getStatus().getUrl() + "). Try:");
            say("  curl -s -H 'Content-Type: application/json' -d @" + root.relativize(request) + " " + infer);
            say("kubectl and helm: export KUBECONFIG=" + cluster.kubeconfig());
            say("  kubectl get inferenceservices    (kubectl 1.35: see docs/local-cluster.md)");
            say("Logs: " + cluster.operatorLog() + ", " + cluster.agent().log().file());
            if (serve) {
                say("Press Ctrl-C to stop; every process started here stops with it.");
                new CountDownLatch(1).await();
            }
        } finally {
            if (!serve) {
                cluster.close();
            }
        }
    }

    private static InferenceService awaitReady(KubernetesClient client, InferenceService demo)
            throws InterruptedException {
        Instant started = Instant.now();
        String last = null;
        while (Duration.between(started, Instant.now()).compareTo(READY_TIMEOUT) < 0) {
            InferenceService now = client.resources(InferenceService.class).inNamespace(NAMESPACE)
                    .withName(demo.getMetadata().getName()).get();
            Condition readyCondition = now.getStatus() == null || now.getStatus().getConditions() == null ? null
                    : now.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst()
                            .orElse(null);
            if (readyCondition != null) {
                String line = "Ready=" + readyCondition.getStatus() + " (" + readyCondition.getReason() + "): "
                        + readyCondition.getMessage();
                if (!Objects.equals(line, last)) {
                    say(String.format("%5.1f s  %s", Duration.between(started, Instant.now()).toMillis() / 1000.0,
                            line));
                    last = line;
                }
                if ("True".equals(readyCondition.getStatus())) {
                    return now;
                }
                if ("InvalidSpec".equals(readyCondition.getReason())) {
                    throw new IllegalStateException("the example is invalid: " + readyCondition.getMessage());
                }
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not Ready within " + READY_TIMEOUT.toSeconds() + " s; last: " + last);
    }

    private static void printPlan(PlanStatus plan) {
        if (plan == null) {
            say("plan: none reported");
            return;
        }
        say("plan: " + plan.getWorkersPerPod() + " workers per pod x " + plan.getReplicas() + " replicas, max batch "
                + plan.getMaxBatchSize() + ", batch delay " + plan.getMaxBatchDelayMillis() + " ms, predicted p99 "
                + (plan.getPredictedP99Millis() == null ? "- (no SLA, so nothing was predicted)"
                        : plan.getPredictedP99Millis() + " ms"));
        say("  why: " + plan.getReason());
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private Quickstart() {
    }
}
