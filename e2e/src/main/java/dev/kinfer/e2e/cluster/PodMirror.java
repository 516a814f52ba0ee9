package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Writes the Deployment replicas the agent runs as Pod objects with their labels and status, as a kubelet would,
 * so that the operator reads a failed init container's termination message the way it does in a real cluster.
 * Writes only what changed since the last tick; deletes the Pods of replicas that are gone.
 */
final class PodMirror {

    private final KubernetesClient client;
    private final Map<String, PodStatus> written = new HashMap<>();

    PodMirror(KubernetesClient client) {
        this.client = client;
    }

    void sync(Collection<LocalPod> pods) {
        Set<String> present = new HashSet<>();
        for (LocalPod pod : pods) {
            String key = pod.namespace() + "/" + pod.name();
            present.add(key);
            PodStatus status = pod.status();
            if (status.equals(written.get(key))) {
                continue;
            }
            try {
                if (!written.containsKey(key)) {
                    client.pods().resource(new PodBuilder()
                            .withNewMetadata().withName(pod.name()).withNamespace(pod.namespace())
                                .withLabels(pod.labels()).endMetadata()
                            .withNewSpec().addNewContainer().withName("runtime").withImage("local").endContainer()
                                .endSpec()
                            .build()).createOr(existing -> existing.update());
                }
                client.pods().inNamespace(pod.namespace()).withName(pod.name()).editStatus(p -> {
                    p.setStatus(status);
                    return p;
                });
                written.put(key, status);
            } catch (KubernetesClientException e) {
                // written again at the next tick
            }
        }
        written.keySet().removeIf(key -> {
            if (present.contains(key)) {
                return false;
            }
            String[] parts = key.split("/", 2);
            try {
                client.pods().inNamespace(parts[0]).withName(parts[1]).delete();
                return true;
            } catch (KubernetesClientException e) {
                return false;
            }
        });
    }
}
