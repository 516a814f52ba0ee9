package dev.kinfer.e2e;

import dev.kinfer.e2e.cluster.LocalCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One local cluster for every e2e class of a test run (it takes ~8 s to start): started by the first class that
 * asks, closed by JUnit when the run ends, since the root store closes the AutoCloseable values it holds.
 */
final class SharedCluster implements BeforeAllCallback {

    private static volatile LocalCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(LocalCluster.class, type -> start(), LocalCluster.class);
    }

    static LocalCluster cluster() {
        return cluster;
    }

    private static LocalCluster start() {
        try {
            return LocalCluster.start(Services.ROOT, line -> System.out.println("[local-cluster] " + line));
        } catch (Exception e) {
            throw new IllegalStateException("the local cluster did not start", e);
        }
    }
}
