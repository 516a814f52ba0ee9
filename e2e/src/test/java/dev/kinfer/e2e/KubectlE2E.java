package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import java.nio.file.Files;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real kubectl against the cluster under test: apply an example, get it with its printer columns, describe it,
 * delete it. Skipped when .tools/kubectl/kubectl is absent (docs/local-cluster.md says how to fetch it).
 */
@ExtendWith(SharedCluster.class)
class KubectlE2E {

    private static TestCluster cluster;
    private static Kubectl kubectl;

    @BeforeAll
    static void needsKubectl() {
        assumeTrue(Kubectl.installed(), Kubectl.BINARY + " is absent: fetch kubectl as docs/local-cluster.md says "
                + "to run the kubectl e2e tests");
        cluster = SharedCluster.cluster();
        kubectl = new Kubectl(cluster.kubeconfig());
    }

    @Test
    void kubectlFindsEveryResourceTypeTheClusterHolds() throws Exception {
        ToolRun.Result resources = kubectl.run("api-resources");

        assertThat(resources.exitCode()).as(resources.output()).isZero();
        assertThat(resources.output()).contains("inferenceservices", "kisvc", "serving.kinfer.dev/v1alpha1",
                "InferenceService", "deployments", "apps/v1");
    }

    @Test
    void appliesGetsDescribesAndDeletesAnExampleWithKubectl() throws Exception {
        String namespace = cluster.namespace("kubectl");
        // the example file; on a real cluster whose model is elsewhere, the example with that URI, from stdin
        ToolRun.Result applied = cluster.modelUri().equals(LocalTestCluster.MODEL_URI)
                ? kubectl.run("apply", "-n", namespace, "-f", "examples/demo-cpu.yaml")
                : kubectl.runWithInput(Files.readString(Services.ROOT.resolve("examples/demo-cpu.yaml"))
                        .replace(LocalTestCluster.MODEL_URI, cluster.modelUri()), "apply", "-n", namespace, "-f", "-");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("inferenceservice.serving.kinfer.dev/demo created");

        Services services = new Services(cluster);
        InferenceService demo = services.current(namespaced("demo", namespace));
        services.awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        ToolRun.Result listed = kubectl.run("get", "inferenceservices", "-n", namespace);
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output().lines().findFirst().orElse(""))
                .matches("NAME +READY +WORKERS +REPLICAS +BATCH +P99 +URL +AGE *");
        // pinned sizes have no predicted p99, so that column is empty
        assertThat(listed.output()).containsPattern("demo +True +2 +1 +1 +(\\S+ +)?http://demo\\."
                + Pattern.quote(namespace) + "\\.svc\\S* +\\S+");

        ToolRun.Result pods = kubectl.run("get", "pods", "-n", namespace, "-l", "app.kubernetes.io/instance=demo");
        assertThat(pods.exitCode()).as(pods.output()).isZero();
        assertThat(pods.output().lines().findFirst().orElse("")).contains("NAME", "READY", "STATUS", "RESTARTS", "AGE");
        // the local cluster shows the container's ready flag, a real one 1/1
        assertThat(pods.output()).containsPattern("demo-predictor-\\S+ +(true|1/1) +Running +0 ");

        ToolRun.Result described = kubectl.run("describe", "inferenceservice", "demo", "-n", namespace);
        assertThat(described.exitCode()).as(described.output()).isZero();
        assertThat(described.output()).contains("Name:", "demo", "Storage Uri:", cluster.modelUri());

        ToolRun.Result deleted = kubectl.run("delete", "-n", namespace, "-f", "examples/demo-cpu.yaml");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        eventually().until(() -> services.replicas(demo).isEmpty());
    }

    private static InferenceService namespaced(String name, String namespace) {
        InferenceService isvc = new InferenceService();
        isvc.getMetadata().setName(name);
        isvc.getMetadata().setNamespace(namespace);
        return isvc;
    }
}
