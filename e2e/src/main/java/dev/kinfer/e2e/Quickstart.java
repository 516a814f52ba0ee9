package dev.kinfer.e2e;

import dev.kinfer.e2e.runtime.RuntimeProcess;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The README's quickstart: starts the model runtime on the project's demo model, shows what it is doing, proves it
 * answers with one inference, prints a {@code curl} line to try, and serves until Ctrl-C.
 */
public final class Quickstart {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("kinfer.root", ".")).toAbsolutePath().normalize();
        Path model = root.resolve("examples/models/demo.pt");
        Path request = root.resolve("examples/models/demo-request.json");

        say("kinfer quickstart: serving the demo model " + root.relativize(model));
        say("starting the model runtime (java -jar model-runtime/target/quarkus-app/quarkus-run.jar) ...");
        Instant started = Instant.now();
        try (RuntimeProcess runtime = RuntimeProcess.start(root, model, "demo", Map.of("KINFER_WORKERS", "2"))) {
            say("  pid " + runtime.pid() + ", port " + runtime.port() + ", log " + root.relativize(runtime.log()));
            awaitReady(runtime, started);

            String body = Files.readString(request);
            HttpResponse<String> answer = runtime.infer(body);
            say("one inference from examples/models/demo-request.json -> HTTP " + answer.statusCode());
            say("  " + answer.body());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("the demo inference failed; see " + runtime.log());
            }

            say("");
            say("The model runtime is serving at " + runtime.baseUri() + ". Try:");
            say("  curl -s -H 'Content-Type: application/json' -d @" + root.relativize(request) + " "
                    + runtime.inferUri());
            say("  curl -s " + runtime.baseUri().resolve("/v2/models/demo"));
            say("Press Ctrl-C to stop.");
            int exit = runtime.waitFor();
            say("the runtime exited with status " + exit + "; see " + runtime.log());
        }
    }

    private static void awaitReady(RuntimeProcess runtime, Instant started) throws InterruptedException {
        Instant deadline = started.plus(READY_TIMEOUT);
        int dots = 0;
        while (!runtime.isReady()) {
            if (!runtime.isAlive()) {
                throw new IllegalStateException("the runtime exited while starting:\n" + runtime.logTail(30));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the runtime was not ready after " + READY_TIMEOUT.toSeconds()
                        + " s:\n" + runtime.logTail(30));
            }
            if (++dots % 10 == 0) {
                say("  loading the model and warming up the workers ... " + Duration.between(started, Instant.now())
                        .toSeconds() + " s");
            }
            Thread.sleep(200);
        }
        say(String.format("ready in %.1f s (model loaded, one warm-up inference per worker)",
                Duration.between(started, Instant.now()).toMillis() / 1000.0));
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    private Quickstart() {
    }
}
