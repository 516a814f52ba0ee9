package dev.kinfer.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a platform team operates, on the real operator: watching one namespace (QOSDK's
 * quarkus.operator-sdk.namespaces, the chart's watchNamespaces), a resync period (kinfer.operator.resync-period),
 * reconcile log lines that carry the resource's namespace and name, and JOSDK's reconcile metrics.
 */
@QuarkusTest
@TestProfile(OperationsTest.OneNamespace.class)
@WithKubernetesTestServer(crud = true)
class OperationsTest {

    static final String WATCHED = "team-a";
    static final String ELSEWHERE = "team-b";
    static final Duration RESYNC = Duration.ofMinutes(42);

    public static class OneNamespace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.operator-sdk.namespaces", WATCHED,
                    "kinfer.operator.resync-period", "42m");
        }
    }

    @Inject
    KubernetesClient client;

    @Inject
    ConfigurationService configurationService;

    @Inject
    InferenceServiceReconciler reconciler;

    @Inject
    OperatorConfig config;

    @Inject
    MeterRegistry registry;

    private final Logger reconcilerLog = Logger.getLogger(InferenceServiceReconciler.class.getName());
    private final List<String[]> readyLines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext && ext.getFormattedMessage().startsWith("Ready=")) {
                readyLines.add(new String[] {ext.getMdc("resource.namespace"), ext.getMdc("resource.name"),
                        ext.getFormattedMessage()});
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        reconcilerLog.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        reconcilerLog.removeHandler(capture);
    }

    @Test
    void leavesAnInferenceServiceOutsideTheWatchedNamespacesAlone() {
        InferenceService outside = create(ELSEWHERE);
        InferenceService inside = create(WATCHED);

        // The service created second is reconciled; had the first been watched, it would have been too by now.
        MockCluster.eventually().until(() -> deployment(inside), d -> d != null);
        assertNull(deployment(outside), "a Deployment for a service in an unwatched namespace");
        // (the API type starts every resource with an empty status, so look for what the operator writes)
        InferenceServiceStatus untouched = client.resource(outside).get().getStatus();
        assertNull(untouched.getObservedGeneration(), "a status for a service in an unwatched namespace");
        assertTrue(untouched.getConditions() == null || untouched.getConditions().isEmpty(),
                "conditions for a service in an unwatched namespace: " + untouched.getConditions());
    }

    @Test
    void givesTheControllerTheConfiguredResyncPeriod() {
        assertEquals(RESYNC, config.resyncPeriod());
        assertNotEquals(Duration.ofHours(10), RESYNC, "must differ from JOSDK's default to show anything");
        assertEquals(RESYNC, configurationService.getConfigurationFor(reconciler).maxReconciliationInterval()
                .orElseThrow());
    }

    @Test
    void logsReadyChangesWithTheResourcesNamespaceAndNameInTheMdc() {
        InferenceService isvc = create(WATCHED);

        String[] line = MockCluster.eventually().until(() -> readyLines.stream()
                .filter(l -> isvc.getMetadata().getName().equals(l[1])).findFirst().orElse(null), l -> l != null);
        assertEquals(WATCHED, line[0]);
        assertEquals("Ready=False DeploymentPending", line[2].substring(0, line[2].indexOf(':')));
    }

    @Test
    void countsReconcilesInJosdksMetrics() {
        create(WATCHED);

        MockCluster.eventually().until(() -> registry.find("reconciliations.started.total").counters().stream()
                .mapToDouble(Counter::count).sum(), n -> n >= 1);
        assertTrue(registry.find("reconciliations.execution.duration").timers().stream()
                .anyMatch(t -> t.count() >= 1), "reconcile durations");
    }

    private InferenceService create(String namespace) {
        InferenceService isvc = Fixtures.service(MockCluster.uniqueName(), namespace);
        isvc.getMetadata().setUid(null);
        isvc.getMetadata().setGeneration(null);
        return client.resource(isvc).create();
    }

    private Deployment deployment(InferenceService isvc) {
        return client.apps().deployments().inNamespace(isvc.getMetadata().getNamespace())
                .withName(isvc.getMetadata().getName() + "-predictor").get();
    }
}
