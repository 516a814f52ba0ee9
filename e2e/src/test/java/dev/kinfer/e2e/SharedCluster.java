package dev.kinfer.e2e;

import dev.kinfer.e2e.cluster.LocalCluster;
import java.util.Map;
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
            // a 5 s profile keeps the SLA tests short; the demo model's grid needs no more to give a plan
            return LocalCluster.start(Services.ROOT, line -> System.out.println("[local-cluster] " + line),
                    Map.of("KINFER_OPERATOR_PROFILING_BUDGET_SECONDS", "5"));
        } catch (Exception e) {
            throw new IllegalStateException("the local cluster did not start", e);
        }
    }
}
