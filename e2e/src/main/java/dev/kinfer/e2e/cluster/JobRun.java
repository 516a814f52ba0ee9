package dev.kinfer.e2e.cluster;

import dev.kinfer.e2e.runtime.ChildProcesses;
import dev.kinfer.e2e.runtime.RuntimeProcess;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A run-to-completion container: the one pod of a Job, or an init container of a Deployment's pod (the runtime's
 * {@code fetch}). Run as the runtime jar with the container's args ({@code profile --model ... --out
 * /dev/termination-log}), paths translated to local ones. Its termination message is what the container wrote to
 * its termination message path, or with {@code FallbackToLogsOnError} the last log line of a failed run.
 */
final class JobRun {

    private static final int MAX_MESSAGE = 4096;

    private final String podName;
    private final Process process;
    private final Path terminationLog;
    private final Path log;
    private final boolean fallbackToLogs;
    private final Instant startedAt = Instant.now();

    private JobRun(String podName, Process process, Path terminationLog, Path log, boolean fallbackToLogs) {
        this.podName = podName;
        this.process = process;
        this.terminationLog = terminationLog;
        this.log = log;
        this.fallbackToLogs = fallbackToLogs;
    }

    static JobRun start(String podName, PodSpec spec, LocalVolumes volumes, Path root, Path podDir)
            throws IOException {
        return start(podName, spec, spec.getContainers().get(0), volumes, root, podDir);
    }

    /** Runs {@code container} of the pod; its termination log and output go to {@code podDir}. */
    static JobRun start(String podName, PodSpec spec, Container container, LocalVolumes volumes, Path root,
            Path podDir) throws IOException {
        Files.createDirectories(podDir);
        Path terminationLog = podDir.resolve("termination-log");
        String messagePath = container.getTerminationMessagePath() == null ? "/dev/termination-log"
                : container.getTerminationMessagePath();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-jar",
                RuntimeProcess.runtimeJar(root).toString()));
        for (String arg : container.getArgs() == null ? List.<String>of() : container.getArgs()) {
            command.add(arg.equals(messagePath) ? terminationLog.toString()
                    : volumes.path(spec, container, podName, arg));
        }
        Path log = podDir.resolve("container.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.putAll(volumes.env(spec, container, podName));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(Ports.free()));
        env.put("DJL_OFFLINE", "true");
        env.put("OPT_OUT_TRACKING", "true");
        env.put("DJL_CACHE_DIR", root.resolve("target/djl-cache").toString());
        env.put("ENGINE_CACHE_DIR", root.resolve("target/djl-cache").toString());
        ChildProcesses.watchingThisProcess(builder);
        return new JobRun(podName, builder.start(), terminationLog, log,
                "FallbackToLogsOnError".equals(container.getTerminationMessagePolicy()));
    }

    String podName() {
        return podName;
    }

    boolean finished() {
        return !process.isAlive();
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    int exitCode() {
        return process.exitValue();
    }

    Instant startedAt() {
        return startedAt;
    }

    Path log() {
        return log;
    }

    String terminationMessage() throws IOException {
        String message = Files.isRegularFile(terminationLog)
                ? Files.readString(terminationLog, StandardCharsets.UTF_8).strip() : "";
        if (message.isEmpty() && fallbackToLogs && exitCode() != 0) {
            message = Logs.tail(log, 1).strip();
        }
        return message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) : message;
    }

    void kill() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
