package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.TestCluster.Replica;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kinfer end to end on the cluster under test (the local cluster: the real operator and real runtime processes; or a
 * real cluster, see {@link TestCluster}) serving examples/demo-cpu.yaml. Each test works in its own namespace and
 * deletes what it created, so the processes of one never slow another.
 */
@ExtendWith(SharedCluster.class)
class LocalClusterE2E {

    private static TestCluster cluster;
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
        assertThat(cluster.client().apps().deployments().inNamespace(invalid.getMetadata().getNamespace()).list()
                .getItems()).isEmpty();
        assertThat(services.replicas(invalid)).isEmpty();
        delete(invalid);
    }

    @Test
    void deletingTheServiceStopsEveryProcessAndRemovesItsResources() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "deleted", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        String namespace = demo.getMetadata().getNamespace();
        List<Replica> replicas = services.replicas(demo);
        assertThat(replicas).isNotEmpty();

        cluster.client().resource(demo).delete();

        eventually().until(() -> replicas.stream().allMatch(cluster::gone));
        eventually().until(() -> cluster.client().apps().deployments().inNamespace(namespace).list().getItems()
                .isEmpty() && cluster.client().services().inNamespace(namespace).list().getItems().isEmpty());
        assertThat(services.replicas(demo)).isEmpty();
    }

    @Test
    void killedRuntimeProcessIsRestartedAndTheServiceBecomesReadyAgain() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "killed", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        Replica killed = services.replicas(demo).get(0);

        cluster.kill(killed);

        services.awaitCondition(demo, "Ready", "False", null);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        Replica serving = eventually().until(() -> services.replicas(demo), r -> r.size() == 1 && r.get(0).ready())
                .get(0);
        assertThat(killed.replacedBy(serving)).as("%s replaced by %s", killed, serving).isTrue();
        if (cluster.local()) { // the node agent restarts the process in place, as a kubelet restarts a container
            assertThat(serving.name()).isEqualTo(killed.name());
            assertThat(serving.restarts()).isEqualTo(1);
            assertThat(serving.pid()).isNotEqualTo(killed.pid());
        }
        HttpResponse<String> response = services.infer(services.serviceUrl(demo), "demo", Services.demoRequest());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        delete(demo);
    }

    private static void delete(InferenceService isvc) {
        services.delete(isvc);
    }

}
