package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.cluster.LocalCluster;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real kubectl against the local cluster: apply an example, get it with its printer columns, describe it,
 * delete it. Skipped when .tools/kubectl/kubectl is absent (docs/local-cluster.md says how to fetch it).
 */
@ExtendWith(SharedCluster.class)
class KubectlE2E {

    private static LocalCluster cluster;
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
        Kubectl.Result resources = kubectl.run("api-resources");

        assertThat(resources.exitCode()).as(resources.output()).isZero();
        assertThat(resources.output()).contains("inferenceservices", "kisvc", "serving.kinfer.dev/v1alpha1",
                "InferenceService", "deployments", "apps/v1");
    }

    @Test
    void appliesGetsDescribesAndDeletesAnExampleWithKubectl() throws Exception {
        Kubectl.Result applied = kubectl.run("apply", "-n", "kubectl", "-f", "examples/demo-cpu.yaml");
        assertThat(applied.exitCode()).as(applied.output()).isZero();
        assertThat(applied.output()).contains("inferenceservice.serving.kinfer.dev/demo created");

        InferenceService demo = new Services(cluster).current(namespaced("demo", "kubectl"));
        new Services(cluster).awaitCondition(demo, "Ready", "True", "DeploymentAvailable");
        Kubectl.Result listed = kubectl.run("get", "inferenceservices", "-n", "kubectl");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        assertThat(listed.output().lines().findFirst().orElse(""))
                .matches("NAME +READY +WORKERS +REPLICAS +BATCH +P99 +URL +AGE *");
        // pinned sizes have no predicted p99, so that column is empty
        assertThat(listed.output()).containsPattern("demo +True +2 +1 +1 +(\\S+ +)?http://demo\\.kubectl\\.svc\\S* +\\S+");

        Kubectl.Result described = kubectl.run("describe", "inferenceservice", "demo", "-n", "kubectl");
        assertThat(described.exitCode()).as(described.output()).isZero();
        assertThat(described.output()).contains("Name:", "demo", "Storage Uri:", "pvc://models/demo.pt");

        Kubectl.Result deleted = kubectl.run("delete", "-n", "kubectl", "-f", "examples/demo-cpu.yaml");
        assertThat(deleted.exitCode()).as(deleted.output()).isZero();
        eventually().until(() -> cluster.agent().pods("kubectl", "demo-predictor").isEmpty());
    }

    private static InferenceService namespaced(String name, String namespace) {
        InferenceService isvc = new InferenceService();
        isvc.getMetadata().setName(name);
        isvc.getMetadata().setNamespace(namespace);
        return isvc;
    }
}
