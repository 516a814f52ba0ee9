package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Plays the Deployment and ReplicaSet controllers for one Deployment: keeps {@code spec.replicas} pods of the
 * current template, rolls a template change out one pod at a time (max surge 1, max unavailable 0: a new pod must
 * be ready before an old one goes), and summarises its pods as the Deployment's status.
 */
final class PodSet {

    private final String namespace;
    private final String name;
    private final LocalVolumes volumes;
    private final Path root;
    private final AgentLog log;
    private final Consumer<LocalPod> terminator;
    private final List<LocalPod> pods = new CopyOnWriteArrayList<>();
    private int serial;

    PodSet(String namespace, String name, LocalVolumes volumes, Path root, AgentLog log,
           Consumer<LocalPod> terminator) {
        this.namespace = namespace;
        this.name = name;
        this.volumes = volumes;
        this.root = root;
        this.log = log;
        this.terminator = terminator;
    }

    /** Brings the pods towards the Deployment's spec, one step per call. */
    void sync(Deployment deployment, Instant now) throws IOException {
        for (LocalPod pod : pods) {
            pod.tick(now);
        }
        PodTemplateSpec template = deployment.getSpec().getTemplate();
        String hash = hash(template);
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        List<LocalPod> current = pods.stream().filter(p -> p.templateHash().equals(hash)).toList();
        List<LocalPod> old = pods.stream().filter(p -> !p.templateHash().equals(hash)).toList();

        if (old.isEmpty()) {
            for (int i = current.size(); i < desired; i++) {
                start(template, hash);
            }
            current.stream().sorted(Comparator.comparing(LocalPod::ready)).limit(Math.max(0, current.size() - desired))
                    .forEach(this::terminate);
            return;
        }
        // Rolling update: old pods that serve nothing go at once; otherwise one new pod at a time, and an old one
        // only when enough pods are ready without it.
        old.stream().filter(p -> !p.ready()).forEach(this::terminate);
        List<LocalPod> oldReady = old.stream().filter(LocalPod::ready).toList();
        long currentReady = current.stream().filter(LocalPod::ready).count();
        if (!oldReady.isEmpty() && currentReady + oldReady.size() > desired) {
            terminate(oldReady.get(0));
        } else if (current.size() < desired && currentReady == current.size()) {
            start(template, hash);
        } else if (current.size() > desired) {
            current.stream().filter(p -> !p.ready()).findFirst().ifPresent(this::terminate);
        }
    }

    /** The Deployment status its pods amount to. */
    DeploymentStatus status(Deployment deployment) {
        String hash = hash(deployment.getSpec().getTemplate());
        int desired = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        int replicas = pods.size();
        int ready = (int) pods.stream().filter(LocalPod::ready).count();
        int updated = (int) pods.stream().filter(p -> p.templateHash().equals(hash)).count();
        boolean available = ready >= desired;
        boolean complete = updated == desired && replicas == desired && available;
        List<DeploymentCondition> conditions = new ArrayList<>();
        conditions.add(new DeploymentConditionBuilder().withType("Available").withStatus(available ? "True" : "False")
                .withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
                .withMessage(available ? "Deployment has minimum availability."
                        : ready + " of " + desired + " replicas of " + name + " are ready")
                .build());
        conditions.add(new DeploymentConditionBuilder().withType("Progressing").withStatus("True")
                .withReason(complete ? "NewReplicaSetAvailable" : "ReplicaSetUpdated")
                .withMessage(complete ? "Deployment " + name + " has successfully progressed."
                        : "Deployment " + name + " is progressing: " + updated + " of " + desired + " updated")
                .build());
        return new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(updated).withReadyReplicas(ready)
                .withAvailableReplicas(ready).withUnavailableReplicas(Math.max(0, desired - ready))
                .withConditions(conditions)
                .build();
    }

    List<LocalPod> pods() {
        return List.copyOf(pods);
    }

    /** One pod whose Pod object was deleted: it is stopped, and the next sync starts a replacement. */
    void delete(LocalPod pod) {
        terminate(pod);
    }

    /** Every pod at once, for a deleted Deployment or the cluster's shutdown. */
    void terminateAll() {
        pods.forEach(this::terminate);
    }

    private void start(PodTemplateSpec template, String hash) throws IOException {
        String podName = name + "-" + hash.substring(0, 8) + "-" + (++serial);
        Container container = template.getSpec().getContainers().get(0);
        Map<String, String> env = volumes.env(template.getSpec(), container, podName);
        Map<String, String> labels = template.getMetadata() == null || template.getMetadata().getLabels() == null
                ? Map.of() : template.getMetadata().getLabels();
        List<LocalPod.Init> inits = new ArrayList<>();
        for (Container init : template.getSpec().getInitContainers() == null ? List.<Container>of()
                : template.getSpec().getInitContainers()) {
            if (init.getArgs() == null || init.getArgs().isEmpty() || !"fetch".equals(init.getArgs().get(0))) {
                log.say(namespace + "/" + podName + ": init container " + init.getName() + " is not the runtime's "
                        + "fetch command; the local cluster cannot run it and skips it");
                continue;
            }
            inits.add(new LocalPod.Init(init.getName(), () -> JobRun.start(podName, template.getSpec(), init,
                    volumes, root, volumes.podDir(podName).resolve("init-" + init.getName()))));
        }
        LocalPod pod = new LocalPod(namespace, podName, hash, labels, env, inits, root, log);
        pods.add(pod);
        pod.start();
    }

    private void terminate(LocalPod pod) {
        if (pods.remove(pod)) {
            pod.markTerminating();
            terminator.accept(pod);
        }
    }

    static String hash(PodTemplateSpec template) {
        try {
            byte[] json = Serialization.asJson(template).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
