package dev.kinfer.e2e.runtime;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stopping a child process the way a kubelet stops a container: SIGTERM, a grace period, then SIGKILL. */
public final class ChildProcesses {

    private ChildProcesses() {
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
