package dev.kinfer.operator.config;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * Hands JOSDK its leader election settings. QOSDK looks up a {@link LeaderElectionConfiguration} bean at start
 * (only in the prod profile); a null bean means no leader election. JOSDK then keeps a Lease named
 * {@link LeaderElectionConfig#leaseName()} in the namespace of the operator's service account, with the pod's
 * HOSTNAME as identity, and exits when it loses the lease so that Kubernetes restarts it as a follower.
 * Unremovable: QOSDK looks the bean up programmatically, so no injection point keeps it alive.
 */
public class LeaderElectionProducer {

    @Produces
    @Dependent
    @Unremovable
    LeaderElectionConfiguration leaderElection(LeaderElectionConfig config) {
        return config.enabled() ? new LeaderElectionConfiguration(config.leaseName()) : null;
    }
}
