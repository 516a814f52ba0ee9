package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one pod of a Job: its init containers that run the runtime's {@code fetch} (a downloaded model), one after the
 * other, then its container, each a {@link JobRun}. The pod has finished when its container has, or when an init
 * container failed; its exit code and termination message are those of the last container that ran.
 */
final class PodRun {

    private final List<Container> containers;
    private final String podName;
    private final PodSpec spec;
    private final LocalVolumes volumes;
    private final Path root;
    private final Path podDir;
    private final Instant startedAt = Instant.now();
    private int index;
    private JobRun current;

    private PodRun(String podName, PodSpec spec, List<Container> containers, LocalVolumes volumes, Path root,
            Path podDir) {
        this.podName = podName;
        this.spec = spec;
        this.containers = containers;
        this.volumes = volumes;
        this.root = root;
        this.podDir = podDir;
    }

    static PodRun start(String podName, PodSpec spec, LocalVolumes volumes, Path root, Path podDir)
            throws IOException {
        List<Container> containers = new ArrayList<>();
        for (Container init : spec.getInitContainers() == null ? List.<Container>of() : spec.getInitContainers()) {
            if (init.getArgs() != null && !init.getArgs().isEmpty() && "fetch".equals(init.getArgs().get(0))) {
                containers.add(init);
            }
        }
        containers.add(spec.getContainers().get(0));
        PodRun run = new PodRun(podName, spec, containers, volumes, root, podDir);
        run.startCurrent();
        return run;
    }

    private void startCurrent() throws IOException {
        Container container = containers.get(index);
        boolean main = index == containers.size() - 1;
        current = JobRun.start(podName, spec, container, volumes, root,
                main ? podDir : podDir.resolve("init-" + container.getName()));
    }

    String podName() {
        return podName;
    }

    /** Whether the pod is done; moves on to the next container when an init container succeeded. */
    boolean finished() {
        if (!current.finished()) {
            return false;
        }
        if (current.exitCode() == 0 && index < containers.size() - 1) {
            index++;
            try {
                startCurrent();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start container " + containers.get(index).getName()
                        + " of " + podName, e);
            }
            return false;
        }
        return true;
    }

    int exitCode() {
        return current.exitCode();
    }

    Instant startedAt() {
        return startedAt;
    }

    Path log() {
        return current.log();
    }

    String terminationMessage() throws IOException {
        String message = current.terminationMessage();
        boolean init = index < containers.size() - 1;
        return init && !message.isEmpty() ? "init container " + containers.get(index).getName() + ": " + message
                : message;
    }

    void kill() {
        current.kill();
    }
}
