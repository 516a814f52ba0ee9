package dev.kinfer.e2e.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Starting and stopping the harness' child processes: each is told to watch this JVM ({@code KINFER_PARENT_PID}, which
 * the runtime and the operator honour), so none outlives it even when it is killed with SIGKILL and its shutdown hooks
 * never run; and each is stopped the way a kubelet stops a container: SIGTERM, a grace period, then SIGKILL.
 */
public final class ChildProcesses {

    /** The environment variable that makes the runtime and the operator exit once the named process is gone. */
    public static final String PARENT_PID = "KINFER_PARENT_PID";

    private ChildProcesses() {
    }

    /** Makes the process {@code builder} starts exit (gracefully, within about a second) once this JVM is gone. */
    public static ProcessBuilder watchingThisProcess(ProcessBuilder builder) {
        builder.environment().put(PARENT_PID, Long.toString(ProcessHandle.current().pid()));
        return builder;
    }

    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
