package dev.kinfer.e2e.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model runtime started the way a pod starts it: {@code java -jar quarkus-run.jar} with the images' JIT option
 * ({@link #JIT_OPTION}) and the {@code KINFER_*} environment of the runtime contract. Output goes to a log file;
 * closing the handle stops the process (and a JVM shutdown hook does too; should this JVM be killed with SIGKILL,
 * the runtime notices within a second through {@code KINFER_PARENT_PID} and exits, so it never outlives whoever
 * started it).
 */
public final class RuntimeProcess implements AutoCloseable {
    /**
     * The JIT option the runtime images start the JVM with (their {@code ENTRYPOINT}; {@code DockerfilesTest} holds
     * the two together): the request path reaches C2 after a tenth of HotSpot's usual call counts.
     */
    public static final String JIT_OPTION = "-XX:CompileThresholdScaling=0.1";

    private final Process process;
    private final int port;
    private final String modelName;
    private final Path log;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RuntimeProcess(Process process, int port, String modelName, Path log) {
        this.process = process;
        this.port = port;
        this.modelName = modelName;
        this.log = log;
        this.shutdownHook = new Thread(this::stop, "stop-runtime-" + port);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the runtime jar under {@code root} serving {@code model} as {@code modelName} on a free local port.
     *
     * @param extraEnv further {@code KINFER_*} settings (workers, batch size, ...), applied last
     */
    public static RuntimeProcess start(Path root, Path model, String modelName, Map<String, String> extraEnv)
            throws IOException {
        Path jar = runtimeJar(root);
        int port = freePort();
        Path logDir = root.resolve("target");
        Files.createDirectories(logDir);
        Path log = logDir.resolve("runtime-" + modelName + "-" + port + ".log");

        Map<String, String> env = new LinkedHashMap<>();
        env.put("KINFER_MODEL_URI", model.toAbsolutePath().toString());
        env.put("KINFER_MODEL_NAME", modelName);
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_CACHE_DIR", root.resolve("target/djl-cache").toString());
        env.put("ENGINE_CACHE_DIR", root.resolve("target/djl-cache").toString());
        env.putAll(extraEnv);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(
                        List.of(java, JIT_OPTION, "-Dai.djl.offline=true", "-jar", jar.toString()))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        ChildProcesses.watchingThisProcess(builder);
        return new RuntimeProcess(builder.start(), port, modelName, log);
    }

    /** The runtime jar built by {@code mvn install}; a clear message when it has not been built. */
    public static Path runtimeJar(Path root) {
        Path jar = root.resolve("model-runtime/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " does not exist; build it first with 'mvn -B -DskipTests install'");
        }
        return jar;
    }

    public int port() {
        return port;
    }

    public String modelName() {
        return modelName;
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public URI inferUri() {
        return baseUri().resolve("/v2/models/" + modelName + "/infer");
    }

    public Path log() {
        return log;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    /** True when {@code GET /v2/health/ready} answers 200; false while starting or when the process is gone. */
    public boolean isReady() {
        try {
            HttpRequest request = HttpRequest.newBuilder(baseUri().resolve("/v2/health/ready"))
                    .timeout(Duration.ofSeconds(2)).GET().build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Posts a JSON body to the model's V2 infer endpoint. */
    public HttpResponse<String> infer(String jsonBody) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(inferUri())
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jsonBody))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines of the runtime's log, for error messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    private void stop() {
        ChildProcesses.stop(process, Duration.ofSeconds(20));
    }

    /** Waits for the process to exit on its own (e.g. the user pressed Ctrl-C). */
    public int waitFor() throws InterruptedException {
        return process.waitFor();
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

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }
}
