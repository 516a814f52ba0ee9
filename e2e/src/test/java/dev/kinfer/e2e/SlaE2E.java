package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PlanStatus;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.desired.Labels;
import dev.kinfer.operator.profile.ProfilingJobBuilder;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An SLA without a declared profile: a profiling Job measures the model, and the plan is deployed. */
@ExtendWith(SharedCluster.class)
class SlaE2E {

    private static Services services;
    private static KubernetesClient client;

    @BeforeAll
    static void useTheSharedCluster() {
        services = new Services(SharedCluster.cluster());
        client = SharedCluster.cluster().client();
    }

    @Test
    void settingAnSlaProfilesTheModelThenDeploysThePlanWithoutFailedRequests() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "sla", isvc -> isvc);
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        URI service = services.serviceUrl(demo);

        try (SteadyLoad load = SteadyLoad.start(service, "demo", Services.demoRequest(), 2)) {
            eventually().until(() -> load.succeeded() >= 10);
            services.edit(demo, isvc -> {
                isvc.getSpec().getPredictor().setWorkers(null);
                isvc.getSpec().setSla(new SlaSpec(200.0, 20.0));
                return isvc;
            });

            Condition profiled = services.awaitCondition(demo, "Profiled", "True", "Measured");
            assertThat(services.current(demo).getStatus().getProfile().getSource()).isEqualTo("measured");
            Condition planned = eventually().until(() -> services.condition(demo, "Planned").orElse(null),
                    c -> c != null && List.of("SlaMet", "SlaNotMet").contains(c.getReason()));
            eventually().until(() -> deployedAsPlanned(demo));
            int afterRollout = load.succeeded();
            eventually().until(() -> load.succeeded() >= afterRollout + 10);
            assertThat(load.failures()).as("failed requests").isEmpty();
            assertThat(profiled.getMessage()).isNotBlank();
            assertThat(planned.getMessage()).isNotBlank();
        }
        String namespace = demo.getMetadata().getNamespace();
        eventually().until(() -> client.batch().v1().jobs().inNamespace(namespace).list().getItems().isEmpty()
                && client.pods().inNamespace(namespace).withLabel(Labels.COMPONENT, ProfilingJobBuilder.COMPONENT)
                        .list().getItems().isEmpty());
        services.delete(demo);
    }

    /** The Deployment carries the plan's workers and replicas, and that many processes of it serve. */
    private static boolean deployedAsPlanned(InferenceService demo) {
        InferenceService now = services.current(demo);
        PlanStatus plan = now.getStatus().getPlan();
        Deployment deployment = client.apps().deployments().inNamespace(demo.getMetadata().getNamespace())
                .withName(services.deploymentName(demo)).get();
        Map<String, String> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .stream().filter(e -> e.getValue() != null).collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        var pods = services.replicas(demo);
        return plan != null && plan.getFeasible() != null
                && String.valueOf(plan.getWorkersPerPod()).equals(env.get("KINFER_WORKERS"))
                && plan.getReplicas().equals(deployment.getSpec().getReplicas())
                && pods.size() == plan.getReplicas()
                && pods.stream().allMatch(p -> p.ready())
                && deployment.getStatus() != null
                && deployment.getMetadata().getGeneration().equals(deployment.getStatus().getObservedGeneration())
                && plan.getReplicas().equals(deployment.getStatus().getUpdatedReplicas())
                && now.getMetadata().getGeneration().equals(now.getStatus().getObservedGeneration())
                && now.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
    }
}
