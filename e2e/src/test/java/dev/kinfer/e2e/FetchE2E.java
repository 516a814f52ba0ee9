package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.e2e.cluster.LocalCluster;
import dev.kinfer.e2e.cluster.PodInfo;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An http:// storageUri end to end: the operator adds the fetch-model init container, the node agent runs the
 * runtime's fetch command as a process before the runtime, and the model (and its signature sidecar) come from a
 * local HTTP server.
 */
@ExtendWith(SharedCluster.class)
class FetchE2E {

    private static LocalCluster cluster;
    private static Services services;
    private static HttpServer models;
    private static final AtomicInteger downloads = new AtomicInteger();
    private static byte[] demo;
    private static String demoSha256;

    @BeforeAll
    static void serveTheDemoModelOverHttp() throws Exception {
        TestCluster shared = SharedCluster.cluster();
        // The model server listens on this machine's loopback, which pods of a real cluster cannot reach.
        assumeTrue(shared.local(), "the model is served from 127.0.0.1: local cluster only");
        cluster = ((LocalTestCluster) shared).cluster();
        services = new Services(shared);
        demo = Files.readAllBytes(Services.ROOT.resolve("examples/models/demo.pt"));
        demoSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(demo));
        models = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        models.createContext("/demo.pt", exchange -> {
            downloads.incrementAndGet();
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, demo.length);
                out.write(demo);
            }
        });
        byte[] signature = Files.readAllBytes(Services.ROOT.resolve("examples/models/demo.json"));
        models.createContext("/demo.json", exchange -> {
            try (exchange; OutputStream out = exchange.getResponseBody()) {
                exchange.sendResponseHeaders(200, signature.length);
                out.write(signature);
            }
        });
        models.start();
    }

    @AfterAll
    static void stopServing() {
        if (models != null) {
            models.stop(0);
        }
    }

    private static String demoUrl() {
        return "http://127.0.0.1:" + models.getAddress().getPort() + "/demo.pt";
    }

    @Test
    void servesAModelDownloadedOverHttpWhoseChecksumMatches() throws Exception {
        int before = downloads.get();
        InferenceService demoService = services.applyExample("demo-cpu.yaml", "fetched", isvc -> {
            isvc.getSpec().getPredictor().getModel().setStorageUri(demoUrl());
            isvc.getSpec().getPredictor().getModel().setSha256(demoSha256);
            return isvc;
        });

        services.awaitCondition(demoService, "Ready", "True", "DeploymentAvailable");
        HttpResponse<String> response = services.infer(services.serviceUrl(demoService), "demo",
                Services.demoRequest());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Services.demoMismatches(response.body())).isEmpty();
        assertThat(downloads.get() - before).as("the init container downloaded the model once").isEqualTo(1);
        HttpResponse<String> metadata = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                services.serviceUrl(demoService).resolve("/v2/models/demo")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metadata.body()).as("the signature sidecar came with the model")
                .contains("\"name\":\"measurements\"", "\"shape\":[-1,4]");
        services.delete(demoService);
    }

    @Test
    void profilingJobMeasuresADownloadedModelThroughItsSignatureSidecar() throws Exception {
        InferenceService demoService = services.applyExample("demo-cpu.yaml", "fetchsla", isvc -> {
            isvc.getSpec().getPredictor().getModel().setStorageUri(demoUrl());
            isvc.getSpec().getPredictor().getModel().setSha256(demoSha256);
            isvc.getSpec().getPredictor().setWorkers(null);
            isvc.getSpec().setSla(new SlaSpec(200.0, 20.0));
            return isvc;
        });

        var profiled = services.awaitCondition(demoService, "Profiled", "True", "Measured");

        assertThat(profiled.getMessage()).isNotBlank();
        assertThat(services.current(demoService).getStatus().getProfile().getPoints()).isNotEmpty();
        services.delete(demoService);
    }

    @Test
    void wrongChecksumKeepsThePodNotReadyRetriesAndSaysWhy() throws Exception {
        String wrong = "0".repeat(64);
        InferenceService demoService = services.applyExample("demo-cpu.yaml", "badsum", isvc -> {
            isvc.getSpec().getPredictor().getModel().setStorageUri(demoUrl());
            isvc.getSpec().getPredictor().getModel().setSha256(wrong);
            return isvc;
        });

        PodInfo pod = eventually().until(() -> cluster.agent().pods(demoService.getMetadata().getNamespace(),
                        services.deploymentName(demoService)).stream().findFirst().orElse(null),
                p -> p != null && p.restarts() >= 2);

        assertThat(pod.waiting()).isEqualTo("init container fetch-model failed (exit 1): fetch " + demoUrl()
                + ": sha256 mismatch: expected " + wrong + ", got " + demoSha256 + " (" + demo.length
                + " bytes); the file was not kept");
        assertThat(pod.ready()).isFalse();
        assertThat(pod.pid()).as("the runtime never started").isEqualTo(-1);
        // the operator reads the pod's init container status, as the node agent reports it like a kubelet
        var ready = services.awaitCondition(demoService, "Ready", "False", "ModelFetchFailed");
        assertThat(ready.getMessage()).startsWith("pod " + pod.name() + " cannot download the model: fetch " + demoUrl()
                + ": sha256 mismatch: expected " + wrong + ", got " + demoSha256);
        assertThat(services.condition(demoService, "Degraded").orElseThrow().getReason()).isEqualTo("ModelFetchFailed");
        services.delete(demoService);
    }
}
