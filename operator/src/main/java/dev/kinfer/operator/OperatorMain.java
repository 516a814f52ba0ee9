package dev.kinfer.operator;

import dev.kinfer.operator.config.ParentWatchdog;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The operator's entry point: Quarkus as usual, after starting the watch that {@code KINFER_PARENT_PID} (a development
 * setting, see {@link ParentWatchdog}) asks for. The watch starts before Quarkus, so an operator whose harness dies
 * while the operator still waits for its informers to sync stops too.
 */
@QuarkusMain
public final class OperatorMain {

    private OperatorMain() {
    }

    public static void main(String... args) {
        try {
            ParentWatchdog.fromEnvironment(System.getenv(), () -> {
                System.err.println("kinfer operator: the parent process (" + ParentWatchdog.ENV + "="
                        + System.getenv(ParentWatchdog.ENV) + ") is gone; shutting down as on SIGTERM");
                System.exit(143); // runs the shutdown hooks, i.e. the SIGTERM path, and exits as SIGTERM would
            }).ifPresent(ParentWatchdog::start);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid operator configuration: " + e.getMessage());
            System.exit(1);
        }
        Quarkus.run(args);
    }
}
