package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.TestCluster.Replica;
import dev.kinfer.e2e.cluster.PodInfo;
import dev.kinfer.operator.desired.Labels;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The local cluster's node agent keeps a Pod object per runtime process, as a kubelet would: named after the
 * Deployment and template, with the template's labels, owned by the Deployment, Running on 127.0.0.1, Ready when the
 * runtime is, its restarts counted, its port in an annotation; gone when the process is. Deleting the Pod object
 * stops the process and the Deployment gets a new replica. (A real cluster has a kubelet: skipped there.)
 */
@ExtendWith(SharedCluster.class)
class PodObjectsE2E {

    private static final String PORT = "local.kinfer.dev/port";

    private static TestCluster cluster;
    private static KubernetesClient client;
    private static Services services;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void onTheLocalClusterOnly() {
        cluster = SharedCluster.cluster();
        assumeTrue(cluster.local(), "the node agent's Pod objects are the local cluster's; a real one has a kubelet");
        client = cluster.client();
        services = new Services(cluster);
    }

    @Test
    void everyRuntimeProcessHasAPodObjectThatFollowsItsReadinessRestartsAndEnd() throws Exception {
        InferenceService demo = services.applyExample("demo-cpu.yaml", "pods", isvc -> isvc);
        String namespace = demo.getMetadata().getNamespace();
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        Deployment deployment = client.apps().deployments().inNamespace(namespace)
                .withName(services.deploymentName(demo)).get();
        Replica replica = services.replicas(demo).get(0);

        Pod pod = eventually().until(() -> podObject(namespace, replica.name()), p -> p != null && ready(p));
        assertThat(podObjectNames(namespace)).containsExactly(replica.name());
        assertThat(pod.getMetadata().getName()).startsWith(deployment.getMetadata().getName() + "-");
        assertThat(pod.getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getTemplate().getMetadata().getLabels());
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getKind()).isEqualTo("Deployment");
            assertThat(owner.getName()).isEqualTo(deployment.getMetadata().getName());
            assertThat(owner.getUid()).isEqualTo(deployment.getMetadata().getUid());
            assertThat(owner.getController()).isTrue();
        });
        assertThat(pod.getStatus().getPhase()).isEqualTo("Running");
        assertThat(pod.getStatus().getPodIP()).isEqualTo("127.0.0.1");
        assertThat(pod.getStatus().getContainerStatuses()).singleElement().satisfies(container -> {
            assertThat(container.getReady()).isTrue();
            assertThat(container.getRestartCount()).isZero();
            assertThat(container.getName()).isEqualTo(deployment.getSpec().getTemplate().getSpec().getContainers()
                    .get(0).getName());
        });
        assertThat(readyAt(pod)).as("the runtime answers on the port the annotation gives").isTrue();

        cluster.kill(replica);

        eventually().until(() -> podObject(namespace, replica.name()), p -> p != null && !ready(p));
        Pod restarted = eventually().until(() -> podObject(namespace, replica.name()),
                p -> p != null && ready(p) && restarts(p) == 1);
        assertThat(restarted.getMetadata().getAnnotations().get(PORT))
                .isEqualTo(Integer.toString(agentPods(demo).get(0).port()));
        assertThat(readyAt(restarted)).isTrue();

        PodInfo process = agentPods(demo).get(0);
        client.pods().inNamespace(namespace).withName(replica.name()).delete();

        eventually().until(() -> !Services.alive(process.pid()));
        String replacement = eventually().until(() -> podObjectNames(namespace),
                names -> names.size() == 1 && !names.get(0).equals(replica.name())
                        && ready(podObject(namespace, names.get(0)))).get(0);
        assertThat(agentPods(demo)).extracting(PodInfo::name).containsExactly(replacement);
        assertThat(restarts(podObject(namespace, replacement))).isZero();

        services.delete(demo);
        eventually().until(() -> podObjectNames(namespace).isEmpty());
    }

    private static Pod podObject(String namespace, String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    private static List<String> podObjectNames(String namespace) {
        return client.pods().inNamespace(namespace).withLabel(Labels.COMPONENT, Labels.PREDICTOR).list().getItems()
                .stream().map(p -> p.getMetadata().getName()).toList();
    }

    private static List<PodInfo> agentPods(InferenceService demo) {
        return ((LocalTestCluster) cluster).cluster().agent().pods(demo.getMetadata().getNamespace(),
                services.deploymentName(demo));
    }

    private static boolean ready(Pod pod) {
        return pod != null && RealCluster.ready(pod)
                && pod.getStatus().getContainerStatuses().stream().allMatch(c -> Boolean.TRUE.equals(c.getReady()));
    }

    private static int restarts(Pod pod) {
        return pod.getStatus().getContainerStatuses().get(0).getRestartCount();
    }

    /** GET /v2/health/ready on the port in the Pod's annotation answers 200. */
    private boolean readyAt(Pod pod) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + pod.getMetadata().getAnnotations().get(PORT) + "/v2/health/ready");
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.discarding())
                .statusCode() == 200;
    }
}
