package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;

import dev.kinfer.e2e.cluster.LocalCluster;
import dev.kinfer.e2e.cluster.PodInfo;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The e2e tests' default cluster: kinfer's local cluster, whose node agent runs the replicas as local processes. */
final class LocalTestCluster implements TestCluster {

    static final String MODEL_URI = "pvc://models/demo.pt";

    private final LocalCluster cluster;
    private final Path root;

    LocalTestCluster(LocalCluster cluster, Path root) {
        this.cluster = cluster;
        this.root = root;
    }

    LocalCluster cluster() {
        return cluster;
    }

    @Override
    public KubernetesClient client() {
        return cluster.client();
    }

    @Override
    public String namespace(String name) {
        return name; // the mock API server needs no Namespace objects
    }

    @Override
    public URI serviceUrl(String namespace, String service) {
        return URI.create(eventually().until(() -> cluster.agent().serviceUrl(namespace, service).orElse(null),
                url -> url != null));
    }

    @Override
    public List<Replica> replicas(String namespace, String deployment) {
        return cluster.agent().pods(namespace, deployment).stream().filter(p -> !p.terminating())
                .map(p -> replica(namespace, p)).toList();
    }

    @Override
    public boolean gone(Replica replica) {
        return replica.pid().map(pid -> !Services.alive(pid)).orElse(true);
    }

    @Override
    public void kill(Replica replica) {
        ProcessHandle.of(replica.pid().orElseThrow()).orElseThrow().destroyForcibly();
    }

    @Override
    public Path kubeconfig() {
        return cluster.kubeconfig();
    }

    @Override
    public String modelUri() {
        return MODEL_URI;
    }

    @Override
    public String otherModelUri() {
        return "file://" + root.resolve("examples/models/demo.pt");
    }

    @Override
    public boolean local() {
        return true;
    }

    @Override
    public void close() {
        cluster.close();
    }

    private static Replica replica(String namespace, PodInfo pod) {
        return new Replica(namespace, pod.name(), pod.templateHash(), pod.ready(), pod.restarts(),
                pod.pid() > 0 ? Optional.of(pod.pid()) : Optional.empty());
    }
}
