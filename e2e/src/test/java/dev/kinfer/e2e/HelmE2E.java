package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.e2e.cluster.LocalCluster;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real helm 4 against the local cluster: install the chart into its own namespace, list the release, upgrade it
 * with a changed value, uninstall it. The node agent runs no process for the chart's operator Deployment (only an
 * InferenceService's Deployments are model runtimes); the cluster's own operator keeps running from its jar.
 * Skipped when .tools/helm/helm is absent (docs/local-cluster.md says how to fetch it).
 */
@ExtendWith(SharedCluster.class)
class HelmE2E {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "kinfer-system";
    private static final String CRD = "inferenceservices.serving.kinfer.dev";

    private static LocalCluster cluster;
    private static Helm helm;

    @BeforeAll
    static void needsHelm() {
        assumeTrue(Helm.installed(), Helm.BINARY + " is absent: fetch helm as docs/local-cluster.md says "
                + "to run the helm e2e test");
        TestCluster shared = SharedCluster.cluster();
        assumeTrue(shared.local(), "helm install of the chart is checked against the local cluster only: on a real"
                + " cluster it would install a second operator");
        cluster = ((LocalTestCluster) shared).cluster();
        helm = new Helm(cluster.kubeconfig());
    }

    @Test
    void installsUpgradesAndUninstallsTheChartWithHelm() throws Exception {
        KubernetesClient client = cluster.client();

        ToolRun.Result installed = helm.run("install", "kinfer", "helm/kinfer", "--namespace", NAMESPACE,
                "--create-namespace", "--set", "serverSideApply=false");
        assertThat(installed.exitCode()).as(installed.output()).isZero();
        assertThat(installed.output()).contains("STATUS: deployed");
        assertThat(release()).as("helm list").isEqualTo("deployed, revision 1");
        assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName("kinfer").get()).isNotNull();
        assertThat(client.rbac().clusterRoles().withName("kinfer").get()).isNotNull();
        assertThat(client.rbac().clusterRoleBindings().withName("kinfer").get()).isNotNull();
        assertThat(client.services().inNamespace(NAMESPACE).withName("kinfer-metrics").get()).isNotNull();
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(CRD).get()).isNotNull();
        Deployment operator = client.apps().deployments().inNamespace(NAMESPACE).withName("kinfer").get();
        assertThat(operator).isNotNull();
        assertThat(env(operator, "KINFER_OPERATOR_SERVER_SIDE_APPLY")).isEqualTo("false");
        eventually().until(() -> Files.readString(cluster.agent().log().file())
                .contains("deployment " + NAMESPACE + "/kinfer is no InferenceService's: not run"));
        assertThat(cluster.agent().pods(NAMESPACE, "kinfer")).isEmpty();

        ToolRun.Result upgraded = helm.run("upgrade", "kinfer", "helm/kinfer", "--namespace", NAMESPACE,
                "--set", "serverSideApply=false", "--set", "planner.profilingBudgetSeconds=30");
        assertThat(upgraded.exitCode()).as(upgraded.output()).isZero();
        assertThat(release()).as("helm list").isEqualTo("deployed, revision 2");
        Deployment upgradedOperator = client.apps().deployments().inNamespace(NAMESPACE).withName("kinfer").get();
        assertThat(env(upgradedOperator, "KINFER_OPERATOR_PROFILING_BUDGET_SECONDS")).isEqualTo("30");

        ToolRun.Result uninstalled = helm.run("uninstall", "kinfer", "--namespace", NAMESPACE);
        assertThat(uninstalled.exitCode()).as(uninstalled.output()).isZero();
        assertThat(uninstalled.output()).contains("release \"kinfer\" uninstalled");
        assertThat(release()).as("helm list after uninstall").isNull();
        assertThat(client.serviceAccounts().inNamespace(NAMESPACE).withName("kinfer").get()).isNull();
        assertThat(client.rbac().clusterRoles().withName("kinfer").get()).isNull();
        assertThat(client.rbac().clusterRoleBindings().withName("kinfer").get()).isNull();
        assertThat(client.apps().deployments().inNamespace(NAMESPACE).withName("kinfer").get()).isNull();
        assertThat(client.services().inNamespace(NAMESPACE).withName("kinfer-metrics").get()).isNull();
        assertThat(client.secrets().inNamespace(NAMESPACE).withLabel("owner", "helm").list().getItems())
                .as("release records").isEmpty();
        // helm never deletes the CRDs of a chart's crds/ directory, and the cluster's operator still needs it
        assertThat(client.apiextensions().v1().customResourceDefinitions().withName(CRD).get()).isNotNull();
    }

    /** The release's status and revision as {@code helm list -o json} shows them, or null when helm lists none. */
    private static String release() throws Exception {
        ToolRun.Result listed = helm.run("list", "--namespace", NAMESPACE, "--output", "json");
        assertThat(listed.exitCode()).as(listed.output()).isZero();
        List<JsonNode> releases = new ArrayList<>();
        // the JSON array, after any warning helm prints first
        JSON.readTree(listed.output().substring(listed.output().indexOf('['))).forEach(releases::add);
        return releases.stream().filter(r -> r.path("name").asText().equals("kinfer"))
                .map(r -> r.path("status").asText() + ", revision " + r.path("revision").asText())
                .findFirst().orElse(null);
    }

    private static String env(Deployment deployment, String name) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }
}
