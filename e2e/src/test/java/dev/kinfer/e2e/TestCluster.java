package dev.kinfer.e2e;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The cluster the e2e tests run against: kinfer's local cluster ({@link LocalTestCluster}, the default), or a real
 * one given by {@code -Dkinfer.e2e.kubeconfig=PATH} ({@link RealCluster}). The tests talk to the API through
 * {@link #client()} and use these few operations for what only a node can do; everything else is the same test code
 * in both modes.
 */
interface TestCluster extends AutoCloseable {

    /** A Fabric8 client of the cluster's API server (the cluster closes it). */
    KubernetesClient client();

    /**
     * The namespace a test calls {@code name}, created if the cluster needs it: the local cluster takes {@code name}
     * as it is; a real cluster prefixes it (so that a test never works in someone's namespace) and creates it.
     */
    String namespace(String name);

    /** A URL on this machine that reaches the Service's port, as a client in the cluster would; waits until one does. */
    URI serviceUrl(String namespace, String service);

    /** The replicas of a Deployment, not counting those already being stopped. */
    List<Replica> replicas(String namespace, String deployment);

    /** True once the replica has stopped: its process (local) or its Pod (real) is gone. */
    boolean gone(Replica replica);

    /**
     * Kills a serving replica as a crash would: the local cluster SIGKILLs its process (the node agent restarts it in
     * place); on a real cluster, where the harness has no process to kill, its Pod is deleted (its Deployment starts
     * another).
     */
    void kill(Replica replica);

    /** The kubeconfig for kubectl and helm. */
    Path kubeconfig();

    /** The demo model's storage URI (the examples' {@code pvc://models/demo.pt} unless the cluster needs another). */
    String modelUri();

    /** Another URI of the same model file, for a rollout that changes the URI but not the answers. */
    String otherModelUri();

    /** True for kinfer's local cluster, whose node agent the tests may look into (e.g. for its Pod objects). */
    boolean local();

    @Override
    void close();

    /**
     * One replica as the tests see it.
     *
     * @param templateHash the pod template it runs (equal for replicas of the same template)
     * @param pid its process on this machine (local cluster only, else empty)
     */
    record Replica(String namespace, String name, String templateHash, boolean ready, int restarts,
                   Optional<Long> pid) {

        /** Whether {@code other} is a different process: another pod, or the same pod restarted. */
        boolean replacedBy(Replica other) {
            return !name.equals(other.name) || other.restarts > restarts
                    || (pid.isPresent() && other.pid.isPresent() && !pid.equals(other.pid));
        }
    }
}
