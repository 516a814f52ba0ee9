package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No process outlives the harness, even one killed with SIGKILL, whose shutdown hooks never run: a harness JVM
 * ({@link SigkilledHarness}) starts a local cluster serving the demo, is killed with SIGKILL, and its operator and
 * runtime processes exit on their own (KINFER_PARENT_PID), within a bounded time.
 */
class SigkilledHarnessE2E {

    @Test
    void theOperatorAndRuntimeProcessesOfASigkilledHarnessExit() throws Exception {
        Path work = Services.ROOT.resolve("target/sigkilled-harness");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process harness = new ProcessBuilder(java, "-Xmx256m", "-Dkinfer.root=" + Services.ROOT, "-cp", classpath,
                SigkilledHarness.class.getName(), work.toString()).redirectErrorStream(true).start();
        Queue<String> output = new ConcurrentLinkedQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(harness.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (Exception endOfStream) {
                // the harness is gone
            }
        }, "harness-output");
        reader.setDaemon(true);
        reader.start();
        List<Long> children = new java.util.concurrent.CopyOnWriteArrayList<>();
        try {
            String pids = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200))
                    .until(() -> output.stream().filter(l -> l.startsWith("PIDS ") || l.startsWith("FAILED"))
                            .findFirst().orElse(harness.isAlive() ? null : "FAILED: the harness exited"),
                            line -> line != null);
            assertThat(pids).as(String.join("\n", output)).startsWith("PIDS ");
            Stream.of(pids.substring(5).split(" ")).map(Long::parseLong).forEach(children::add);
            assertThat(children).as("operator and runtime pids").hasSize(2).allMatch(Services::alive);

            harness.destroyForcibly().waitFor();

            // the watchdog looks every second; then the SIGTERM path: the runtime drains for 3 s, the operator stops
            await("the operator and runtime processes " + children + " of the killed harness exit")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                    .until(() -> children.stream().noneMatch(Services::alive));
        } finally {
            harness.destroyForcibly();
            children.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        }
    }
}
