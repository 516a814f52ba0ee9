package dev.kinfer.e2e.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The seed-style Python server (../shared/peers/seed_server.py: FastAPI + uvicorn with uvloop and
 * httptools + torch, KServe's architecture), started with its own run_server.sh, which waits (at
 * most 90 s) for readiness and prints the process-group leader's pid.
 */
final class SeedServer implements AutoCloseable {
    private final long pid;
    final int port;
    final String label;

    private SeedServer(long pid, int port, String label) {
        this.pid = pid;
        this.port = port;
        this.label = label;
    }

    static SeedServer start(Path peers, Path model, String name, int port, int workers, int threads)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", peers.resolve("run_server.sh").toString(),
                Integer.toString(port), "90", "/tmp/kinfer-bench-seed-" + port + ".log", "--",
                "--model", model.toString(), "--name", name, "--workers", Integer.toString(workers),
                "--threads", Integer.toString(threads)));
        Process starter = new ProcessBuilder(command).redirectErrorStream(false).start();
        if (!starter.waitFor(120, TimeUnit.SECONDS)) {
            starter.destroyForcibly();
            throw new IllegalStateException("run_server.sh did not return in 120 s");
        }
        String out = new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (starter.exitValue() != 0 || out.isEmpty()) {
            throw new IllegalStateException("the seed server did not become ready; see /tmp/kinfer-bench-seed-" + port + ".log");
        }
        return new SeedServer(Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow()), port,
                "seed " + workers + "w x " + threads + "t");
    }

    /** SIGTERM to the process group, then SIGKILL if it is still there after 3 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        new ProcessBuilder("kill", "-TERM", "--", "-" + pid).start().waitFor(5, TimeUnit.SECONDS);
        for (int i = 0; i < 30 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false); i++) {
            Thread.sleep(100); // bounded wait for a child process to exit; nothing to poll but the pid
        }
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
