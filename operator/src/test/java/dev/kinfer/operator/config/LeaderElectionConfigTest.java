package dev.kinfer.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LeaderElectionConfigTest {

    /** Both mappings together, with unknown kinfer.operator.* keys rejected, as Quarkus does at start. */
    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withSources(new MapBackedConfigSource("test", properties) {
                })
                .withMapping(OperatorConfig.class)
                .withMapping(LeaderElectionConfig.class)
                .withValidateUnknown(true)
                .build();
    }

    @Test
    void isOffByDefaultSoThatOneReplicaNeedsNoLease() {
        LeaderElectionConfig config = config(Map.of()).getConfigMapping(LeaderElectionConfig.class);
        assertFalse(config.enabled());
        assertNull(new LeaderElectionProducer().leaderElection(config));
    }

    @Test
    void givesJosdkTheConfiguredLeaseWhenEnabled() {
        LeaderElectionConfig config = config(Map.of(
                "kinfer.operator.leader-election.enabled", "true",
                "kinfer.operator.leader-election.lease-name", "my-lease"))
                .getConfigMapping(LeaderElectionConfig.class);
        assertTrue(config.enabled());
        LeaderElectionConfiguration josdk = new LeaderElectionProducer().leaderElection(config);
        assertEquals("my-lease", josdk.getLeaseName());
        // The namespace is left to JOSDK, which reads it from the pod's service account.
        assertTrue(josdk.getLeaseNamespace().isEmpty());
    }

    @Test
    void livesBesideTheOperatorConfigWithoutBeingAnUnknownKeyOfIt() {
        SmallRyeConfig config = config(Map.of(
                "kinfer.operator.leader-election.enabled", "true",
                "kinfer.operator.runtime-image", "example/runtime:1"));
        assertEquals("example/runtime:1", config.getConfigMapping(OperatorConfig.class).runtimeImage());
        assertTrue(config.getConfigMapping(LeaderElectionConfig.class).enabled());
    }
}
