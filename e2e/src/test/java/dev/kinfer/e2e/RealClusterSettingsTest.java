package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the e2e tests choose their cluster: the local one unless -Dkinfer.e2e.kubeconfig names a kubeconfig, which must
 * exist and hold the context to use; every mistake is reported naming the property.
 */
class RealClusterSettingsTest {

    private static final String KUBECONFIG = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: kind-kinfer
              cluster: {server: "https://127.0.0.1:6443"}
            - name: staging
              cluster: {server: "https://staging.example.com:6443"}
            users:
            - name: dev
              user: {token: abc}
            contexts:
            - name: kind-kinfer
              context: {cluster: kind-kinfer, user: dev, namespace: default}
            - name: staging
              context: {cluster: staging, user: dev}
            current-context: kind-kinfer
            """;

    @TempDir
    Path dir;

    @Test
    void withoutThePropertyTheLocalClusterIsUsed() {
        AtomicBoolean localStarted = new AtomicBoolean();

        TestCluster chosen = SharedCluster.select(Map.of("kinfer.e2e.modelUri", "http://ignored/demo.pt"), () -> {
            localStarted.set(true);
            return null;
        });

        assertThat(chosen).isNull();
        assertThat(localStarted).isTrue();
        assertThat(RealCluster.Settings.from(Map.of())).isEmpty();
    }

    @Test
    void aMissingFileIsAnErrorNamingThePropertyAndThePath() {
        Path missing = dir.resolve("nope/kubeconfig");

        assertThatThrownBy(() -> SharedCluster.select(Map.of(RealCluster.KUBECONFIG, missing.toString()),
                () -> {
                    throw new AssertionError("the local cluster must not start when a kubeconfig is asked for");
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dkinfer.e2e.kubeconfig=" + missing)
                .hasMessageContaining("no readable file");
    }

    @Test
    void anEmptyValueIsAnErrorRatherThanTheLocalCluster() {
        assertThatThrownBy(() -> RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dkinfer.e2e.kubeconfig is empty");
    }

    @Test
    void aFileThatIsNoKubeconfigIsAnError() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "just some notes\n");

        assertThatThrownBy(() -> RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, notes.toString())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dkinfer.e2e.kubeconfig=" + notes)
                .hasMessageContaining("not a kubeconfig");
    }

    @Test
    void theCurrentContextIsUsedUnlessAnotherIsNamed() throws IOException {
        Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);

        RealCluster.Settings current = RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, file.toString()))
                .orElseThrow();
        RealCluster.Settings staging = RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, file.toString(),
                RealCluster.CONTEXT, "staging")).orElseThrow();

        assertThat(current.kubeconfig()).isEqualTo(file.toAbsolutePath());
        Config currentConfig = current.clientConfig();
        assertThat(currentConfig.getMasterUrl()).startsWith("https://127.0.0.1:6443");
        assertThat(currentConfig.getNamespace()).isEqualTo("default");
        assertThat(staging.clientConfig().getMasterUrl()).startsWith("https://staging.example.com:6443");
    }

    @Test
    void anUnknownContextIsAnErrorListingTheKnownOnes() throws IOException {
        Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);

        assertThatThrownBy(() -> RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, file.toString(),
                RealCluster.CONTEXT, "prod")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-Dkinfer.e2e.context")
                .hasMessageContaining("'prod'")
                .hasMessageContaining("[kind-kinfer, staging]");
    }

    @Test
    void modelUrisAndNamespacePrefixHaveDefaultsAndCanBeSet() throws IOException {
        Path file = Files.writeString(dir.resolve("config"), KUBECONFIG);

        RealCluster.Settings defaults = RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, file.toString()))
                .orElseThrow();
        RealCluster.Settings set = RealCluster.Settings.from(Map.of(RealCluster.KUBECONFIG, file.toString(),
                RealCluster.MODEL_URI, "http://models.example/demo.pt",
                RealCluster.OTHER_MODEL_URI, "http://models.example/demo.pt?copy",
                RealCluster.NAMESPACE_PREFIX, "ci-42-")).orElseThrow();

        assertThat(defaults.modelUri()).isEqualTo("pvc://models/demo.pt");
        assertThat(defaults.otherModelUri()).isEqualTo("pvc://models/demo-copy.pt");
        assertThat(defaults.namespacePrefix()).isEqualTo("kinfer-e2e-");
        assertThat(set.modelUri()).isEqualTo("http://models.example/demo.pt");
        assertThat(set.otherModelUri()).isEqualTo("http://models.example/demo.pt?copy");
        assertThat(set.namespacePrefix()).isEqualTo("ci-42-");
    }
}
