package dev.kinfer.e2e.cluster;

import dev.kinfer.e2e.runtime.ChildProcesses;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The real operator, started as it ships: {@code java -jar operator/target/quarkus-app/quarkus-run.jar} in its
 * production profile, pointed at the local API server by {@code KUBECONFIG}. One setting differs from production:
 * {@code KINFER_OPERATOR_SERVER_SIDE_APPLY=false}, because the mock API server has no server-side apply; further
 * settings come from {@link LocalCluster#OPERATOR_DEFAULTS}.
 */
public final class OperatorProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;
    private final Thread shutdownHook;

    private OperatorProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "stop-operator");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    static OperatorProcess start(Path root, Path kubeconfig, Path workDir, Map<String, String> settings)
            throws IOException {
        return start(root, kubeconfig, workDir, settings, List.of());
    }

    /** As above, with JVM options after {@code -Xmx256m} (the benchmarks add a GC log). */
    static OperatorProcess start(Path root, Path kubeconfig, Path workDir, Map<String, String> settings,
                                 List<String> jvmOptions) throws IOException {
        Path jar = root.resolve("operator/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it first with 'mvn -B -DskipTests package'");
        }
        int port = Ports.free();
        Path log = workDir.resolve("operator.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx256m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.resolve("operator").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().putAll(settings);
        builder.environment().put("KINFER_OPERATOR_SERVER_SIDE_APPLY", "false");
        ChildProcesses.watchingThisProcess(builder);
        return new OperatorProcess(builder.start(), port, log);
    }

    /** Waits until the operator's readiness check (its informers have synced) answers 200. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + "; see " + log
                        + "\n" + Logs.tail(log, 30));
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the operator was not ready within " + timeout + "; see " + log
                + "\n" + Logs.tail(log, 30));
    }

    public Path log() {
        return log;
    }

    /** The operator's HTTP port (health, metrics). */
    int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private void stop() {
        ChildProcesses.stop(process, Duration.ofSeconds(15));
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
    }
}
