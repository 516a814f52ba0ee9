package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.cluster.PodInfo;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Changes to a serving InferenceService roll out process by process while a steady load sees no failure. */
@ExtendWith(SharedCluster.class)
class RolloutE2E {

    private static Services services;

    @BeforeAll
    static void useTheSharedCluster() {
        services = new Services(SharedCluster.cluster());
    }

    @Test
    void changingTheModelUriRollsOutANewProcessWithoutFailedRequests() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "rollout", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        PodInfo before = services.pods(demo).get(0);
        URI service = services.serviceUrl(demo);

        try (SteadyLoad load = SteadyLoad.start(service, "demo", Services.demoRequest(), 2)) {
            eventually().until(() -> load.succeeded() >= 10);
            String sameFileByPath = "file://" + Services.ROOT.resolve("examples/models/demo.pt");
            services.edit(demo, isvc -> {
                isvc.getSpec().getPredictor().getModel().setStorageUri(sameFileByPath);
                return isvc;
            });

            eventually().until(() -> rolledOut(demo, before, 1));
            int afterRollout = load.succeeded();
            eventually().until(() -> load.succeeded() >= afterRollout + 10);
            assertThat(load.failures()).isEmpty();
        }
        assertThat(Services.alive(before.pid())).isFalse();
        services.delete(demo);
    }

    @Test
    void pinningFewerWorkersAndMoreReplicasScalesUpThenDownWithoutFailedRequests() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "scale", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        PodInfo before = services.pods(demo).get(0);
        URI service = services.serviceUrl(demo);

        try (SteadyLoad load = SteadyLoad.start(service, "demo", Services.demoRequest(), 2)) {
            eventually().until(() -> load.succeeded() >= 10);
            services.edit(demo, isvc -> {
                isvc.getSpec().getPredictor().setWorkers(1);
                isvc.getSpec().getPredictor().setMinReplicas(2);
                return isvc;
            });
            eventually().until(() -> rolledOut(demo, before, 2));
            assertThat(workersEnv(demo)).isEqualTo("1");
            assertThat(services.current(demo).getStatus().getPlan().getWorkersPerPod()).isEqualTo(1);

            services.edit(demo, isvc -> {
                isvc.getSpec().getPredictor().setMinReplicas(1);
                return isvc;
            });
            eventually().until(() -> services.pods(demo).size() == 1 && services.pods(demo).get(0).ready());
            int afterScaleDown = load.succeeded();
            eventually().until(() -> load.succeeded() >= afterScaleDown + 10);
            assertThat(load.failures()).isEmpty();
        }
        services.delete(demo);
    }

    /** Exactly {@code replicas} ready processes of a new template, the old process gone, and the status says so. */
    private static boolean rolledOut(InferenceService demo, PodInfo before, int replicas) {
        List<PodInfo> pods = services.pods(demo);
        InferenceService now = services.current(demo);
        return pods.size() == replicas
                && pods.stream().allMatch(p -> p.ready() && !p.templateHash().equals(before.templateHash()))
                && !Services.alive(before.pid())
                && now.getStatus() != null
                && now.getMetadata().getGeneration().equals(now.getStatus().getObservedGeneration())
                && now.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static String workersEnv(InferenceService demo) {
        Deployment deployment = SharedCluster.cluster().client().apps().deployments()
                .inNamespace(demo.getMetadata().getNamespace()).withName(services.deploymentName(demo)).get();
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("KINFER_WORKERS")).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
