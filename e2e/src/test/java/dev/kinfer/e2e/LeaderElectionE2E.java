package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.cluster.ControlPlane;
import dev.kinfer.e2e.cluster.OperatorProcess;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two operator replicas with leader election, as the chart runs them with replicaCount > 1, on the local control
 * plane (API server and operator jars, no node agent): only the holder of the Lease reconciles, and when it stops the
 * other takes over the Lease and the reconciles.
 */
class LeaderElectionE2E {

    private static final String LEASE = "kinfer-operator-lease";
    /** JOSDK's Lease lasts 15 s; a stopped leader's Lease must expire before the other may take it. */
    private static final Duration TAKEOVER = Duration.ofSeconds(90);

    @Test
    void theStandbyTakesOverTheLeaseAndTheReconcilesWhenTheLeaderStops() throws Exception {
        try (ControlPlane plane = ControlPlane.start(Services.ROOT, Services.ROOT.resolve("target/leader-election"),
                request -> { }, replica("operator-a"), List.of())) {
            KubernetesClient client = plane.client();
            await().atMost(TAKEOVER).until(() -> holder(client), "operator-a"::equals);
            OperatorProcess standby = plane.startOperator("operator-b", replica("operator-b"));
            standby.awaitReady(Duration.ofSeconds(90));

            create(client, "first");
            await().atMost(Duration.ofSeconds(60)).until(() -> deployment(client, "first") != null);
            // Each replica logs the Ready changes it writes, prefixed with namespace/name from the MDC.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> Files.readString(plane.operator().log()).contains("default/first Ready="));
            assertThat(Files.readString(standby.log())).as("the standby reconciled").doesNotContain("default/first");

            plane.operator().close();
            await().atMost(TAKEOVER).until(() -> holder(client), "operator-b"::equals);
            create(client, "second");
            await().atMost(Duration.ofSeconds(60)).until(() -> deployment(client, "second") != null);
        }
    }

    private static Map<String, String> replica(String hostname) {
        // JOSDK names the holder after HOSTNAME, as in a pod; the chart sets the other two for replicaCount > 1.
        return Map.of("HOSTNAME", hostname, "KINFER_OPERATOR_LEADER_ELECTION_ENABLED", "true",
                "KINFER_OPERATOR_LEADER_ELECTION_LEASE_NAME", LEASE);
    }

    private static String holder(KubernetesClient client) {
        Lease lease = client.leases().inNamespace("default").withName(LEASE).get();
        return lease == null || lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
    }

    private static void create(KubernetesClient client, String name) {
        client.resource(Serialization.unmarshal("""
                apiVersion: serving.kinfer.dev/v1alpha1
                kind: InferenceService
                metadata: {name: %s, namespace: default}
                spec:
                  predictor:
                    model:
                      modelFormat: {name: pytorch}
                      storageUri: pvc://models/mlp.pt
                """.formatted(name), InferenceService.class)).create();
    }

    private static Deployment deployment(KubernetesClient client, String name) {
        return client.apps().deployments().inNamespace("default").withName(name + "-predictor").get();
    }
}
