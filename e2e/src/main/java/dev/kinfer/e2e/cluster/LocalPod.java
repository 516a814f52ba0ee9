package dev.kinfer.e2e.cluster;

import dev.kinfer.e2e.runtime.RuntimeProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One replica of a Deployment, played by a runtime process: started with the pod template's environment, probed
 * for readiness, restarted with exponential backoff when it dies (1 s, 2 s, 4 s ... at most 30 s), each time on a
 * new free port.
 */
final class LocalPod {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String namespace;
    private final String name;
    private final String templateHash;
    private final Map<String, String> labels;
    private final Map<String, String> env;
    private final Path root;
    private final AgentLog log;
    private volatile RuntimeProcess process;
    private volatile boolean ready;
    private volatile boolean terminating;
    private int restarts;
    private Instant restartAt;

    LocalPod(String namespace, String name, String templateHash, Map<String, String> labels, Map<String, String> env,
             Path root, AgentLog log) {
        this.namespace = namespace;
        this.name = name;
        this.templateHash = templateHash;
        this.labels = Map.copyOf(labels);
        this.env = Map.copyOf(env);
        this.root = root;
        this.log = log;
    }

    void start() throws IOException {
        Map<String, String> extra = new HashMap<>(env);
        String model = extra.remove("KINFER_MODEL_URI");
        String modelName = extra.remove("KINFER_MODEL_NAME");
        process = RuntimeProcess.start(root, Path.of(model == null ? "" : model), modelName == null ? name : modelName,
                extra);
        log.say("started " + namespace + "/" + name + " (pid " + process.pid() + ", port " + process.port()
                + ", log " + process.log() + ")");
    }

    /** Probes readiness, notices a crash and restarts after the backoff. Called by the agent's loop. */
    void tick(Instant now) throws IOException {
        RuntimeProcess current = process;
        if (terminating || current == null) {
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
        if (restartAt == null) {
            ready = false;
            restarts++;
            Duration backoff = Duration.ofSeconds(1L << Math.min(restarts - 1, 5));
            backoff = backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
            restartAt = now.plus(backoff);
            log.say(namespace + "/" + name + " exited; restart " + restarts + " in " + backoff.toSeconds()
                    + " s. Last log lines:\n" + current.logTail(5));
        } else if (!now.isBefore(restartAt)) {
            restartAt = null;
            start();
        }
    }

    /** Marks the pod as going away: from now on it is no endpoint and not ready. */
    void markTerminating() {
        terminating = true;
        ready = false;
    }

    /** Stops the process (SIGTERM, then SIGKILL after 20 s). */
    void stop() {
        RuntimeProcess current = process;
        if (current != null) {
            current.close();
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

    /** The pid of the running process, -1 when there is none. */
    long pid() {
        RuntimeProcess current = process;
        return current == null || !current.isAlive() ? -1 : current.pid();
    }

    boolean alive() {
        RuntimeProcess current = process;
        return current != null && current.isAlive();
    }

    PodInfo info() {
        return new PodInfo(name, templateHash, pid(), port(), ready(), restarts, terminating);
    }
}
