package dev.kinfer.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The configuration service the controllers get when server-side apply is off (the local cluster, the benchmarks). */
class ServerSideApplySwitchTest {

    private final KubernetesClient client = new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder(Config.empty()).withMasterUrl("http://127.0.0.1:1").build()).build();

    /** Stands in for QOSDK's customized service: SSA off, and nothing else answered. */
    private final QuarkusConfigurationService customized = (QuarkusConfigurationService) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {QuarkusConfigurationService.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "useSSAToPatchPrimaryResource", "ssaBasedCreateUpdateMatchForDependentResources" -> false;
                default -> throw new UnsupportedOperationException(method.getName());
            });

    private final ServerSideApplySwitch.KeepingTheClient service =
            new ServerSideApplySwitch.KeepingTheClient(customized, client);

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void answersWithQuarkusClientEveryTimeInsteadOfBuildingOne() {
        assertSame(client, service.getKubernetesClient());
        assertSame(client, service.getKubernetesClient());
    }

    @Test
    void clonesResourcesWithOneClonerAndQuarkusSerialization() {
        InferenceService original = Fixtures.service("resnet", "vision");

        InferenceService copy = service.getResourceCloner().clone(original);

        assertNotSame(original, copy);
        assertEquals(original.getMetadata().getName(), copy.getMetadata().getName());
        assertEquals(original.getSpec().getPredictor().getModel().getStorageUri(),
                copy.getSpec().getPredictor().getModel().getStorageUri());
        assertSame(service.getResourceCloner(), service.getResourceCloner());
    }

    @Test
    void leavesTheSsaSwitchesToTheCustomizedService() {
        assertFalse(service.useSSAToPatchPrimaryResource());
        assertFalse(service.ssaBasedCreateUpdateMatchForDependentResources());
    }
}
