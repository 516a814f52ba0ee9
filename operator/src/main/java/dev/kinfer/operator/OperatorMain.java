package dev.kinfer.operator;

import dev.kinfer.common.ParentWatchdog;
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
        ParentWatchdog.watchParentOrExit("kinfer operator", "operator");
        Quarkus.run(args);
    }
}
