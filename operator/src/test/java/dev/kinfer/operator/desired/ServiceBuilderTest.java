package dev.kinfer.operator.desired;

import static dev.kinfer.operator.Fixtures.resnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceBuilderTest {

    @Test
    void namesTheServiceAfterTheInferenceService() {
        Service service = ServiceBuilder.build(resnet());
        assertEquals("resnet", service.getMetadata().getName());
        assertEquals("vision", service.getMetadata().getNamespace());
    }

    @Test
    void forwardsPort80ToTheRuntimeHttpPort() {
        ServicePort port = ServiceBuilder.build(resnet()).getSpec().getPorts().get(0);
        assertEquals(80, port.getPort());
        assertEquals("http", port.getTargetPort().getStrVal());
    }

    @Test
    void selectsThePredictorPods() {
        assertEquals(Map.of("app.kubernetes.io/instance", "resnet", "app.kubernetes.io/component", "predictor"),
                ServiceBuilder.build(resnet()).getSpec().getSelector());
    }

    @Test
    void isControlledByTheInferenceService() {
        var owner = ServiceBuilder.build(resnet()).getMetadata().getOwnerReferences().get(0);
        assertEquals("resnet", owner.getName());
        assertTrue(owner.getController());
    }
}
