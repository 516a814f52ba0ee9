package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Plays the kubelet's part of the API for Deployment replicas: each runtime process the agent runs has a Pod object
 * ({@code <deployment>-<hash>-<n>}, the template's labels plus {@code pod-template-hash}, owned by its Deployment),
 * whose status follows the process: {@code Running} on 127.0.0.1, {@code Ready} and the container's {@code ready}
 * from the runtime's readiness, {@code restartCount} from the restarts, the process' port and pid in annotations;
 * {@code Pending} and {@code initContainerStatuses} (a failed fetch's exit code and message in {@code lastState})
 * while its init containers run. The
 * object is deleted once the process has stopped. As on a node, deleting the Pod object stops its process, and the
 * Deployment starts a replacement.
 */
final class PodObjects {

    /** The local port a replica serves on (there is no pod network: every pod is 127.0.0.1). */
    static final String PORT_ANNOTATION = "local.kinfer.dev/port";
    static final String PID_ANNOTATION = "local.kinfer.dev/pid";
    static final String NODE = "kinfer-local";
    static final String POD_IP = "127.0.0.1";

    /** What the Pod object shows of a replica; written again only when this changes. */
    private record Shown(boolean alive, boolean ready, int restarts, long pid, int port, boolean terminating,
                         boolean initialized, List<ContainerStatus> initContainers) {
    }

    private static final class Tracked {
        final String namespace;
        final String name;
        final Instant started = Instant.now();
        boolean created;
        String container;
        String image;
        Shown shown;
        Instant containerStarted;
        Instant readySince;

        Tracked(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
        }
    }

    private final KubernetesClient client;
    private final AgentLog log;
    private final Consumer<LocalPod> deletedFromApi;
    private final Map<String, Tracked> tracked = new HashMap<>();

    /** @param deletedFromApi told of a serving replica whose Pod object someone deleted (to stop and replace it) */
    PodObjects(KubernetesClient client, AgentLog log, Consumer<LocalPod> deletedFromApi) {
        this.client = client;
        this.log = log;
        this.deletedFromApi = deletedFromApi;
    }

    /**
     * Brings the Pod objects in line with the replicas: those of each Deployment's pod set, and those still being
     * stopped (which keep their object, not ready, until their process is gone).
     */
    void sync(List<Deployment> deployments, Map<String, PodSet> sets, Collection<LocalPod> stopping) {
        Set<String> inApi = client.pods().inAnyNamespace().list().getItems().stream()
                .map(p -> key(p.getMetadata().getNamespace(), p.getMetadata().getName())).collect(Collectors.toSet());
        Set<String> seen = new HashSet<>();
        for (Deployment deployment : deployments) {
            PodSet set = sets.get(key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName()));
            if (set == null) {
                continue;
            }
            for (LocalPod pod : set.pods()) {
                String key = key(pod.namespace(), pod.name());
                Tracked known = tracked.get(key);
                if (known != null && known.created && !inApi.contains(key)) {
                    log.say("pod " + key + " was deleted through the API; stopping its process");
                    tracked.remove(key);
                    deletedFromApi.accept(pod);
                    continue;
                }
                seen.add(key);
                show(deployment, pod);
            }
        }
        for (LocalPod pod : stopping) {
            String key = key(pod.namespace(), pod.name());
            if (pod.alive() && tracked.containsKey(key) && inApi.contains(key)) {
                seen.add(key);
                show(null, pod);
            }
        }
        tracked.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            if (entry.getValue().created && inApi.contains(entry.getKey())) {
                delete(entry.getValue());
            }
            return true;
        });
    }

    /** Deletes every Pod object this agent wrote (the agent is closing and its processes are stopped). */
    void deleteAll() {
        tracked.values().stream().filter(t -> t.created).forEach(this::delete);
        tracked.clear();
    }

    private void show(Deployment deployment, LocalPod pod) {
        Tracked known = tracked.computeIfAbsent(key(pod.namespace(), pod.name()),
                k -> new Tracked(pod.namespace(), pod.name()));
        Shown now = new Shown(pod.alive(), pod.ready(), pod.restarts(), pod.pid(), pod.port(), pod.terminating(),
                pod.initialized(), pod.initContainerStatuses());
        if (now.equals(known.shown)) {
            return;
        }
        Shown before = known.shown;
        try {
            if (!known.created) {
                if (deployment == null) {
                    return; // stopping before its object was ever written: nothing to show
                }
                Pod object = newPod(deployment, pod, now);
                client.pods().resource(object).create();
                known.created = true;
                known.container = object.getSpec().getContainers().get(0).getName();
                known.image = object.getSpec().getContainers().get(0).getImage();
            } else if (before == null || before.pid() != now.pid() || before.port() != now.port()) {
                client.pods().inNamespace(known.namespace).withName(known.name).edit(p -> {
                    p.getMetadata().setAnnotations(annotations(now));
                    return p;
                });
            }
            if (before == null || before.pid() != now.pid()) {
                known.containerStarted = Instant.now();
            }
            if (now.ready() && (before == null || !before.ready())) {
                known.readySince = Instant.now();
            }
            PodStatus status = status(known, now);
            client.pods().inNamespace(known.namespace).withName(known.name).editStatus(p -> {
                p.setStatus(status);
                return p;
            });
            known.shown = now;
        } catch (KubernetesClientException e) {
            // written at the next tick; a Pod deleted through the API is noticed there too
        }
    }

    private static Pod newPod(Deployment deployment, LocalPod pod, Shown shown) {
        Map<String, String> labels = new LinkedHashMap<>(pod.labels());
        labels.put("pod-template-hash", pod.templateHash().substring(0, 10));
        PodSpec spec = deployment.getSpec().getTemplate().getSpec();
        return new PodBuilder()
                .withNewMetadata().withName(pod.name()).withNamespace(pod.namespace()).withLabels(labels)
                    .withAnnotations(annotations(shown))
                    .addNewOwnerReference().withApiVersion("apps/v1").withKind("Deployment")
                        .withName(deployment.getMetadata().getName()).withUid(deployment.getMetadata().getUid())
                        .withController(true).withBlockOwnerDeletion(true).endOwnerReference()
                .endMetadata()
                .withSpec(new PodSpecBuilder(spec).withNodeName(NODE).build())
                .build();
    }

    private static Map<String, String> annotations(Shown shown) {
        return Map.of(PORT_ANNOTATION, Integer.toString(shown.port()), PID_ANNOTATION, Long.toString(shown.pid()));
    }

    private static PodStatus status(Tracked known, Shown shown) {
        String readyTransition = (known.readySince == null ? known.started : known.readySince).toString();
        ContainerState state = !shown.initialized()
                ? new ContainerStateBuilder().withNewWaiting().withReason("PodInitializing").endWaiting().build()
                : shown.alive()
                ? new ContainerStateBuilder().withNewRunning().withStartedAt(known.containerStarted.toString())
                        .endRunning().build()
                : new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff")
                        .withMessage("back-off restarting failed container").endWaiting().build();
        String ready = shown.ready() ? "True" : "False";
        List<PodCondition> conditions = List.of(
                condition("PodScheduled", "True", known.started.toString(), null),
                condition("Initialized", shown.initialized() ? "True" : "False", known.started.toString(),
                        shown.initialized() ? null : "ContainersNotInitialized"),
                condition("ContainersReady", ready, readyTransition, shown.ready() ? null : notReady(shown)),
                condition("Ready", ready, readyTransition, shown.ready() ? null : notReady(shown)));
        return new PodStatusBuilder()
                .withPhase(shown.initialized() ? "Running" : "Pending")
                .withHostIP(POD_IP).withPodIP(POD_IP).addNewPodIP(POD_IP)
                .withStartTime(known.started.toString())
                .withConditions(conditions)
                .withInitContainerStatuses(shown.initContainers())
                .withContainerStatuses(new ContainerStatusBuilder()
                        .withName(known.container).withImage(known.image)
                        .withContainerID(shown.pid() > 0 ? "local://" + shown.pid() : null)
                        .withReady(shown.ready()).withStarted(shown.alive()).withRestartCount(shown.restarts())
                        .withState(state).build())
                .withQosClass("BestEffort")
                .build();
    }

    private static String notReady(Shown shown) {
        return shown.terminating() ? "Terminating" : shown.alive() ? "ContainersNotReady" : "CrashLoopBackOff";
    }

    private static PodCondition condition(String type, String status, String since, String reason) {
        return new PodConditionBuilder().withType(type).withStatus(status).withLastTransitionTime(since)
                .withReason(reason).build();
    }

    private void delete(Tracked known) {
        try {
            client.pods().inNamespace(known.namespace).withName(known.name).delete();
        } catch (KubernetesClientException e) {
            // the API server is going away, or the object is already gone
        }
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
