package dev.kinfer.common;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;

/**
 * A development setting: with {@code KINFER_PARENT_PID} set, the process shuts down (the same path as SIGTERM) once
 * that process is gone. The local cluster and the e2e harness set it on every process they start, so that a harness
 * killed with SIGKILL, whose shutdown hooks never run, still leaves no runtime or operator behind. Kubernetes never
 * sets it: a container's lifetime is the kubelet's business. Both the runtime's and the operator's entry points use it.
 */
public final class ParentWatchdog {

    public static final String ENV = "KINFER_PARENT_PID";
    static final Duration PERIOD = Duration.ofSeconds(1);

    private final long pid;
    private final LongPredicate alive;
    private final Runnable onGone;
    private final AtomicBoolean fired = new AtomicBoolean();

    ParentWatchdog(long pid, LongPredicate alive, Runnable onGone) {
        this.pid = pid;
        this.alive = alive;
        this.onGone = onGone;
    }

    /**
     * The watchdog {@code env} asks for, if any.
     *
     * @throws IllegalArgumentException naming the variable when its value is not a process id
     */
    public static Optional<ParentWatchdog> fromEnvironment(Map<String, String> env, Runnable onGone) {
        return fromEnvironment(env, ParentWatchdog::isAlive, onGone);
    }

    static Optional<ParentWatchdog> fromEnvironment(Map<String, String> env, LongPredicate alive, Runnable onGone) {
        String value = env.get(ENV);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            pid = -1;
        }
        if (pid <= 0) {
            throw new IllegalArgumentException(ENV + " is '" + value + "' but must be the id of a running process"
                    + " (a development setting: leave it unset on Kubernetes)");
        }
        return Optional.of(new ParentWatchdog(pid, alive, onGone));
    }

    /**
     * What an entry point calls before it starts its framework: the watch {@code KINFER_PARENT_PID} asks for, which
     * exits with 143 (through the shutdown hooks, i.e. the SIGTERM path) once the parent is gone. A value that is not
     * a process id ends this process with 1 and a line naming the variable.
     *
     * @param process       how the process names itself on stderr ("kinfer", "kinfer operator")
     * @param configuration what the error line calls its configuration ("runtime", "operator")
     */
    public static void watchParentOrExit(String process, String configuration) {
        try {
            fromEnvironment(System.getenv(), () -> {
                System.err.println(process + ": the parent process (" + ENV + "=" + System.getenv(ENV)
                        + ") is gone; shutting down as on SIGTERM");
                System.exit(143); // runs the shutdown hooks, i.e. the SIGTERM path, and exits as SIGTERM would
            }).ifPresent(ParentWatchdog::start);
        } catch (IllegalArgumentException e) {
            System.err.println("invalid " + configuration + " configuration: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts the watch: the parent is checked at once and then every second on a daemon thread, which ends once the
     * parent is gone. In the runtime and the operator, {@code onGone} calls {@code System.exit}, which runs the SIGTERM shutdown.
     */
    public void start() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "kinfer-parent-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(() -> {
            if (check()) {
                timer.shutdown();
            }
        }, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** One check: runs {@code onGone} the first time the parent is found gone. True once the parent is gone. */
    boolean check() {
        if (alive.test(pid)) {
            return false;
        }
        if (fired.compareAndSet(false, true)) {
            onGone.run();
        }
        return true;
    }

    public long pid() {
        return pid;
    }

    static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
