package dev.kinfer.e2e.cluster;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Requests the Service proxies are forwarding, per backend port, so that a replica is stopped only once the
 * requests it already accepted have been answered (what a preStop hook and connection draining do in a cluster).
 */
final class InFlight {

    private final Map<Integer, AtomicInteger> byPort = new ConcurrentHashMap<>();

    void begin(int port) {
        byPort.computeIfAbsent(port, p -> new AtomicInteger()).incrementAndGet();
    }

    void end(int port) {
        byPort.computeIfAbsent(port, p -> new AtomicInteger()).decrementAndGet();
    }

    int count(int port) {
        AtomicInteger count = byPort.get(port);
        return count == null ? 0 : count.get();
    }
}
