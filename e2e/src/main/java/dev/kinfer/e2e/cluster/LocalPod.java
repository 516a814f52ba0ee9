package dev.kinfer.e2e.cluster;

import dev.kinfer.e2e.runtime.RuntimeProcess;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One replica of a Deployment. Its init containers (the runtime's {@code fetch}) run first, one after the other, as
 * processes; then a runtime process is started with the pod template's environment and probed for readiness. A
 * failed init container or a dead runtime is tried again with exponential backoff (1 s, 2 s, 4 s ... at most 30 s),
 * as the kubelet does; a runtime restart gets a new free port. While an init container fails, the pod is not ready
 * and says why ({@link PodInfo#waiting()}).
 */
final class LocalPod {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /** An init container, started as a new process each time it is tried. */
    record Init(String name, Starter starter) {
        interface Starter {
            JobRun start() throws IOException;
        }
    }

    private final String namespace;
    private final String name;
    private final String templateHash;
    private final Map<String, String> labels;
    private final Map<String, String> env;
    private final List<Init> inits;
    private final Path root;
    private final AgentLog log;
    private volatile RuntimeProcess process;
    private volatile JobRun init;
    private int nextInit;
    private volatile boolean ready;
    private volatile boolean terminating;
    private volatile String waiting;
    /** Exit code and termination message of the current init container's last failed attempt, if any. */
    private volatile Integer initExitCode;
    private volatile String initMessage;
    private int restarts;
    private Instant restartAt;

    LocalPod(String namespace, String name, String templateHash, Map<String, String> labels, Map<String, String> env,
             List<Init> inits, Path root, AgentLog log) {
        this.namespace = namespace;
        this.name = name;
        this.templateHash = templateHash;
        this.labels = Map.copyOf(labels);
        this.env = Map.copyOf(env);
        this.inits = List.copyOf(inits);
        this.root = root;
        this.log = log;
    }

    /** Starts the next init container, or the runtime once every init container has succeeded. */
    void start() throws IOException {
        if (nextInit < inits.size()) {
            Init next = inits.get(nextInit);
            init = next.starter().start();
            waiting = "init container " + next.name() + " is running";
            log.say("started init container " + next.name() + " of " + namespace + "/" + name + " (pid " + init.pid()
                    + ", log " + init.log() + ")");
            return;
        }
        Map<String, String> extra = new HashMap<>(env);
        String model = extra.remove("KINFER_MODEL_URI");
        String modelName = extra.remove("KINFER_MODEL_NAME");
        process = RuntimeProcess.start(root, Path.of(model == null ? "" : model), modelName == null ? name : modelName,
                extra);
        waiting = null;
        log.say("started " + namespace + "/" + name + " (pid " + process.pid() + ", port " + process.port()
                + ", log " + process.log() + ")");
    }

    /** Follows the init containers, probes readiness, notices a crash and retries after the backoff. */
    void tick(Instant now) throws IOException {
        if (terminating) {
            return;
        }
        if (restartAt != null) {
            if (!now.isBefore(restartAt)) {
                restartAt = null;
                start();
            }
            return;
        }
        JobRun currentInit = init;
        if (currentInit != null) {
            tickInit(currentInit, now);
            return;
        }
        RuntimeProcess current = process;
        if (current == null) {
            return;
        }
        if (current.isAlive()) {
            boolean nowReady = current.isReady();
            if (nowReady != ready) {
                log.say(namespace + "/" + name + (nowReady ? " is ready" : " is not ready"));
            }
            ready = nowReady;
            return;
        }
        ready = false;
        Duration backoff = backoff();
        log.say(namespace + "/" + name + " exited; restart " + restarts + " in " + backoff.toSeconds()
                + " s. Last log lines:\n" + current.logTail(5));
        restartAt = now.plus(backoff);
    }

    private void tickInit(JobRun run, Instant now) throws IOException {
        if (run.alive()) {
            return;
        }
        String initName = inits.get(nextInit).name();
        init = null;
        if (run.exitCode() == 0) {
            log.say("init container " + initName + " of " + namespace + "/" + name + " completed");
            nextInit++;
            initExitCode = null;
            initMessage = null;
            start();
            return;
        }
        initExitCode = run.exitCode();
        initMessage = run.terminationMessage();
        waiting = "init container " + initName + " failed (exit " + initExitCode + "): " + initMessage;
        Duration backoff = backoff();
        log.say(namespace + "/" + name + ": " + waiting + "; retrying in " + backoff.toSeconds() + " s");
        restartAt = now.plus(backoff);
    }

    private Duration backoff() {
        restarts++;
        Duration backoff = Duration.ofSeconds(1L << Math.min(restarts - 1, 5));
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /** Marks the pod as going away: from now on it is no endpoint and not ready. */
    void markTerminating() {
        terminating = true;
        ready = false;
    }

    /** Stops the processes (SIGTERM, then SIGKILL after 20 s for the runtime, 10 s for an init container). */
    void stop() {
        JobRun currentInit = init;
        if (currentInit != null) {
            currentInit.kill();
        }
        RuntimeProcess current = process;
        if (current != null) {
            current.close();
        }
        if (currentInit != null || current != null) {
            log.say("stopped " + namespace + "/" + name);
        }
    }

    String namespace() {
        return namespace;
    }

    String name() {
        return name;
    }

    String templateHash() {
        return templateHash;
    }

    Map<String, String> labels() {
        return labels;
    }

    boolean ready() {
        return ready && !terminating;
    }

    boolean terminating() {
        return terminating;
    }

    int restarts() {
        return restarts;
    }

    /** The port of the running process, -1 when there is none. */
    int port() {
        RuntimeProcess current = process;
        return current == null ? -1 : current.port();
    }

    /** The pid of the running runtime process, -1 when there is none. */
    long pid() {
        RuntimeProcess current = process;
        return current == null || !current.isAlive() ? -1 : current.pid();
    }

    /** True while the runtime or an init container runs. */
    boolean alive() {
        RuntimeProcess current = process;
        JobRun currentInit = init;
        return current != null && current.isAlive() || currentInit != null && currentInit.alive();
    }

    /** Whether every init container has succeeded (the runtime may run). */
    boolean initialized() {
        return nextInit >= inits.size();
    }

    /**
     * The init containers' statuses as a kubelet would report them: done, running, or waiting in back-off with their
     * last failure (exit code and termination message) in {@code lastState}.
     */
    List<ContainerStatus> initContainerStatuses() {
        List<ContainerStatus> statuses = new ArrayList<>();
        for (int i = 0; i < inits.size(); i++) {
            ContainerStatusBuilder status = new ContainerStatusBuilder().withName(inits.get(i).name())
                    .withReady(i < nextInit).withRestartCount(i == nextInit ? restarts : 0);
            if (i < nextInit) {
                status.withNewState().withNewTerminated().withExitCode(0).withReason("Completed").endTerminated()
                        .endState();
            } else if (i == nextInit && init != null) {
                status.withNewState().withNewRunning().endRunning().endState();
            } else if (i == nextInit && initExitCode != null) {
                status.withNewState().withNewWaiting().withReason("CrashLoopBackOff").withMessage(waiting).endWaiting()
                        .endState()
                        .withNewLastState().withNewTerminated().withExitCode(initExitCode).withReason("Error")
                        .withMessage(initMessage).endTerminated().endLastState();
            } else {
                status.withNewState().withNewWaiting().withReason("PodInitializing").endWaiting().endState();
            }
            statuses.add(status.build());
        }
        return statuses;
    }

    PodInfo info() {
        return new PodInfo(name, templateHash, pid(), port(), ready(), restarts, terminating, waiting);
    }
}
