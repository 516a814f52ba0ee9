package dev.kinfer.e2e.cluster;

/**
 * What the local cluster shows of one replica: its process (pid, port; -1 while none runs), readiness, restarts,
 * the hash of the pod template it was started from, and why it is waiting (e.g. "init container fetch-model
 * failed (exit 1): fetch ...: sha256 mismatch ..."), null when it is not.
 */
public record PodInfo(String name, String templateHash, long pid, int port, boolean ready, int restarts,
                      boolean terminating, String waiting) {
}
