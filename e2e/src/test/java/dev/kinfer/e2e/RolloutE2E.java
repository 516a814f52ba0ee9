package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.TestCluster.Replica;
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

    private static TestCluster cluster;
    private static Services services;

    @BeforeAll
    static void useTheSharedCluster() {
        cluster = SharedCluster.cluster();
        services = new Services(cluster);
    }

    @Test
    void changingTheModelUriRollsOutANewProcessWithoutFailedRequests() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "rollout", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        Replica before = services.replicas(demo).get(0);
        URI service = services.serviceUrl(demo);

        try (SteadyLoad load = SteadyLoad.start(service, "demo", Services.demoRequest(), 2)) {
            eventually().until(() -> load.succeeded() >= 10);
            String sameModelOtherUri = cluster.otherModelUri();
            services.edit(demo, isvc -> {
                isvc.getSpec().getPredictor().getModel().setStorageUri(sameModelOtherUri);
                return isvc;
            });

            eventually().until(() -> rolledOut(demo, before, 1));
            int afterRollout = load.succeeded();
            eventually().until(() -> load.succeeded() >= afterRollout + 10);
            assertThat(load.failures()).isEmpty();
        }
        assertThat(cluster.gone(before)).isTrue();
        services.delete(demo);
    }

    @Test
    void pinningFewerWorkersAndMoreReplicasScalesUpThenDownWithoutFailedRequests() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "scale", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        Replica before = services.replicas(demo).get(0);
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
            eventually().until(() -> services.replicas(demo), r -> r.size() == 1 && r.get(0).ready());
            int afterScaleDown = load.succeeded();
            eventually().until(() -> load.succeeded() >= afterScaleDown + 10);
            assertThat(load.failures()).isEmpty();
        }
        services.delete(demo);
    }

    /** Exactly {@code replicas} ready replicas of a new template, the old one gone, and the status says so. */
    private static boolean rolledOut(InferenceService demo, Replica before, int replicas) {
        List<Replica> pods = services.replicas(demo);
        InferenceService now = services.current(demo);
        return pods.size() == replicas
                && pods.stream().allMatch(p -> p.ready() && !p.templateHash().equals(before.templateHash()))
                && cluster.gone(before)
                && now.getStatus() != null
                && now.getMetadata().getGeneration().equals(now.getStatus().getObservedGeneration())
                && now.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }

    private static String workersEnv(InferenceService demo) {
        Deployment deployment = cluster.client().apps().deployments()
                .inNamespace(demo.getMetadata().getNamespace()).withName(services.deploymentName(demo)).get();
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("KINFER_WORKERS")).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
