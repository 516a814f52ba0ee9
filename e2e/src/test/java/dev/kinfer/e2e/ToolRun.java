package dev.kinfer.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool (the helm and kubectl binaries of {@code .tools/}) from the repository root to its end:
 * standard error and output together, bounded in time. The output goes to a file while the tool runs, so a long
 * one (a rendered chart) can never fill a pipe and stall the tool until the timeout.
 */
public final class ToolRun {

    public record Result(int exitCode, String output) {
    }

    private ToolRun() {
    }

    /**
     * @param env     added to this process's environment
     * @param input   written to the tool's standard input, which is then closed
     * @param timeout after which the tool is killed with SIGKILL (helm answers SIGTERM by waiting for its requests)
     */
    public static Result run(List<String> command, Map<String, String> env, String input, Duration timeout)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("kinfer-tool", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Services.ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(input.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " "
                        + String.join(" ", command.subList(1, command.size())) + " did not finish within "
                        + timeout.toSeconds() + " s");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
