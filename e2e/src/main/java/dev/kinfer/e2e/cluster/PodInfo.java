package dev.kinfer.e2e.cluster;

/**
 * What the local cluster shows of one replica: its process (pid, port; -1 while none runs), readiness, restarts,
 * and the hash of the pod template it was started from.
 */
public record PodInfo(String name, String templateHash, long pid, int port, boolean ready, int restarts,
                      boolean terminating) {
}
