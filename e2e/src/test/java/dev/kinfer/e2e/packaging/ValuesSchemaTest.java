package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json stops wrong values before anything reaches the cluster. */
class ValuesSchemaTest {

    static Stream<Arguments> wrongValues() {
        return Stream.of(
                Arguments.of("replicaCount", "two"),
                Arguments.of("replicaCount", 0),
                Arguments.of("image.pullPolicy", "Sometimes"),
                Arguments.of("image.repository", ""),
                Arguments.of("runtime.defaultQueueCapacity", "lots"),
                Arguments.of("runtime.modelLoadTimeoutSeconds", 0),
                Arguments.of("runtime.djlCacheSizeLimit", "two gigabytes"),
                Arguments.of("runtime.modelDownloadSizeLimit", "lots"),
                Arguments.of("watchNamespaces", "vision"),
                Arguments.of("watchNamespaces[0]", "Not_A_Namespace"),
                Arguments.of("leaderElection.leaseName", "Lease!"),
                Arguments.of("serviceAccount.create", "maybe"),
                Arguments.of("metrics.service.port", 70000),
                Arguments.of("metrics.serviceMonitor.enabled", "yes"),
                Arguments.of("metrics.serviceMonitor.interval", "often"),
                Arguments.of("clusterDomain", "Cluster Local"),
                Arguments.of("resyncPeriod", "ten hours"),
                Arguments.of("logging.json", "yes"),
                Arguments.of("replicas", 2),
                Arguments.of("runtime.gpu", true));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("rightValues")
    void accepts(String key, Object value) {
        assertTrue(Chart.templateWith(key, value).contains("kind: Deployment"));
    }

    static Stream<Arguments> rightValues() {
        return Stream.of(
                Arguments.of("replicaCount", 2),
                Arguments.of("watchNamespaces[0]", "vision"),
                Arguments.of("runtime.djlCacheSizeLimit", "4Gi"),
                Arguments.of("runtime.modelDownloadSizeLimit", "100Gi"),
                Arguments.of("resyncPeriod", "30m"),
                Arguments.of("logging.json", false),
                Arguments.of("metrics.serviceMonitor.enabled", true));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("wrongValues")
    void rejects(String key, Object value) {
        IllegalStateException error = assertThrows(IllegalStateException.class, () -> Chart.templateWith(key, value));
        assertTrue(error.getMessage().contains("values don't meet the specifications of the schema"), error.getMessage());
    }
}
