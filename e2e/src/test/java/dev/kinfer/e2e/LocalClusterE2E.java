package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.cluster.LocalCluster;
import dev.kinfer.e2e.cluster.PodInfo;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local cluster end to end: the real operator and real runtime processes serving examples/demo-cpu.yaml. Each
 * test works in its own namespace and deletes what it created, so the processes of one never slow another.
 */
@ExtendWith(SharedCluster.class)
class LocalClusterE2E {

    private static LocalCluster cluster;
    private static Services services;

    @BeforeAll
    static void useTheSharedCluster() {
        cluster = SharedCluster.cluster();
        services = new Services(cluster);
    }

    @Test
    void servesTheDemoExampleThroughItsServicePortWithThePyTorchAnswer() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "golden", isvc -> isvc);

        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        HttpResponse<String> response = services.infer(services.serviceUrl(demo), "demo", Services.demoRequest());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Services.demoMismatches(response.body())).isEmpty();
        delete(demo);
    }

    @Test
    void invalidSpecGetsAConditionAndStartsNothing() throws Exception {
        InferenceService invalid = services.applyExample("demo-cpu.yaml", "invalid",
                isvc -> {
                    isvc.getSpec().getPredictor().getModel().setStorageUri("gs://bucket/demo.pt");
                    return isvc;
                });

        var ready = services.awaitCondition(invalid, "Ready", "False", "InvalidSpec");

        assertThat(ready.getMessage()).contains("storageUri");
        assertThat(cluster.client().apps().deployments().inNamespace("invalid").list().getItems()).isEmpty();
        assertThat(cluster.agent().pods("invalid", services.deploymentName(invalid))).isEmpty();
        delete(invalid);
    }

    @Test
    void deletingTheServiceStopsEveryProcessAndRemovesItsResources() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "deleted", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        List<PodInfo> pods = cluster.agent().pods("deleted", services.deploymentName(demo));
        assertThat(pods).isNotEmpty();

        cluster.client().resource(demo).delete();

        eventually().until(() -> pods.stream().noneMatch(p -> ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive)
                .orElse(false)));
        eventually().until(() -> cluster.client().apps().deployments().inNamespace("deleted").list().getItems()
                .isEmpty() && cluster.client().services().inNamespace("deleted").list().getItems().isEmpty());
        assertThat(cluster.agent().pods("deleted", services.deploymentName(demo))).isEmpty();
    }

    @Test
    void killedRuntimeProcessIsRestartedAndTheServiceBecomesReadyAgain() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "killed", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        PodInfo pod = cluster.agent().pods("killed", services.deploymentName(demo)).get(0);

        ProcessHandle.of(pod.pid()).orElseThrow().destroyForcibly();

        services.awaitCondition(demo, "Ready", "False", null);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        PodInfo restarted = cluster.agent().pods("killed", services.deploymentName(demo)).get(0);
        assertThat(restarted.restarts()).isEqualTo(1);
        assertThat(restarted.pid()).isNotEqualTo(pod.pid());
        HttpResponse<String> response = services.infer(services.serviceUrl(demo), "demo", Services.demoRequest());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        delete(demo);
    }

    private static void delete(InferenceService isvc) {
        services.delete(isvc);
    }

}
