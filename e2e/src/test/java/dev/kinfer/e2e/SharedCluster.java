package dev.kinfer.e2e;

import dev.kinfer.e2e.cluster.LocalCluster;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One cluster for every e2e class of a test run: the local cluster (it takes ~8 s to start), or with
 * {@code -Dkinfer.e2e.kubeconfig=PATH} the real cluster that kubeconfig names ({@link RealCluster}). Started by the
 * first class that asks, closed by JUnit when the run ends, since the root store closes the AutoCloseable values it
 * holds.
 */
final class SharedCluster implements BeforeAllCallback {

    private static volatile TestCluster cluster;

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster = context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .computeIfAbsent(TestCluster.class, type -> select(properties(), SharedCluster::startLocal),
                        TestCluster.class);
    }

    static TestCluster cluster() {
        return cluster;
    }

    /** The real cluster the properties name, else the local one. */
    static TestCluster select(Map<String, String> properties, Supplier<TestCluster> local) {
        Optional<RealCluster.Settings> real = RealCluster.Settings.from(properties);
        return real.<TestCluster>map(RealCluster::connect).orElseGet(local);
    }

    private static Map<String, String> properties() {
        return System.getProperties().stringPropertyNames().stream()
                .collect(java.util.stream.Collectors.toMap(name -> name, System::getProperty));
    }

    private static TestCluster startLocal() {
        try {
            // a 5 s profile keeps the SLA tests short; the demo model's grid needs no more to give a plan
            return new LocalTestCluster(LocalCluster.start(Services.ROOT,
                    line -> System.out.println("[local-cluster] " + line),
                    Map.of("KINFER_OPERATOR_PROFILING_BUDGET_SECONDS", "5")), Services.ROOT);
        } catch (Exception e) {
            throw new IllegalStateException("the local cluster did not start", e);
        }
    }
}
