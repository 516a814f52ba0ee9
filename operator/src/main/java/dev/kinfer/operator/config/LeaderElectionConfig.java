package dev.kinfer.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Leader election between operator replicas. Off by default: a single replica needs no Lease and no Lease RBAC.
 * The Helm chart turns it on when it runs more than one replica ({@code KINFER_OPERATOR_LEADER_ELECTION_ENABLED}).
 * A separate mapping from {@link OperatorConfig} because it configures the operator process, not the resources it
 * builds.
 */
@ConfigMapping(prefix = "kinfer.operator.leader-election")
public interface LeaderElectionConfig {

    /** Whether replicas compete for a Lease so that only one reconciles at a time. */
    @WithDefault("false")
    boolean enabled();

    /**
     * Name of the coordination.k8s.io Lease, in the operator's own namespace (read from its service account).
     * The chart grants get and update on exactly this name.
     */
    @WithDefault("kinfer-operator-lease")
    String leaseName();
}
