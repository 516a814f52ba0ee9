package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.e2e.TestCluster.Replica;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The parts of {@link RealCluster} that need no cluster: which pods a Service's proxy forwards to, on which port, and
 * when a replica counts as replaced.
 */
class RealClusterTest {

    @Test
    void aNamedTargetPortIsTheContainerPortOfThatName() {
        Service service = service(new IntOrString("http"));

        assertThat(RealCluster.targetPort(service, pod(true, false))).contains(8080);
        assertThat(RealCluster.targetPort(service(new IntOrString("grpc")), pod(true, false))).isEmpty();
        assertThat(RealCluster.targetPort(service(new IntOrString(9000)), pod(true, false))).contains(9000);
        assertThat(RealCluster.targetPort(service(null), pod(true, false))).contains(80);
    }

    @Test
    void onlyAReadyPodThatIsNotBeingDeletedIsAnEndpoint() {
        assertThat(RealCluster.ready(pod(true, false))).isTrue();
        assertThat(RealCluster.ready(pod(false, false))).isFalse();
        assertThat(RealCluster.ready(pod(true, true))).isFalse();
        assertThat(RealCluster.ready(new PodBuilder().withNewMetadata().withName("new").endMetadata().build()))
                .isFalse();
    }

    @Test
    void aReplicaIsReplacedByAnotherPodOrARestartOfItsProcess() {
        Replica killed = new Replica("ns", "demo-predictor-abc-1", "abc", true, 0, Optional.of(10L));

        assertThat(killed.replacedBy(new Replica("ns", "demo-predictor-abc-2", "abc", true, 0, Optional.empty())))
                .isTrue();
        assertThat(killed.replacedBy(new Replica("ns", "demo-predictor-abc-1", "abc", true, 1, Optional.of(11L))))
                .isTrue();
        assertThat(killed.replacedBy(killed)).isFalse();
    }

    private static Service service(IntOrString targetPort) {
        return new ServiceBuilder().withNewSpec().addNewPort().withName("http").withPort(80).withTargetPort(targetPort)
                .endPort().endSpec().build();
    }

    private static Pod pod(boolean ready, boolean deleting) {
        return new PodBuilder()
                .withNewMetadata().withName("demo-predictor-abc-1")
                    .withDeletionTimestamp(deleting ? "2026-01-01T00:00:00Z" : null).endMetadata()
                .withNewSpec().addNewContainer().withName("runtime").addNewPort().withName("http")
                    .withContainerPort(8080).endPort().endContainer().endSpec()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                    .endCondition().endStatus()
                .build();
    }
}
