package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.InferenceService;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;

/** The desired Service in front of the predictor pods: port 80 to the runtime's named http port. */
public final class ServiceBuilder {

    public static final int PORT = 80;

    private ServiceBuilder() {
    }

    public static Service build(InferenceService isvc) {
        // Fabric8's builder of the same simple name.
        return new io.fabric8.kubernetes.api.model.ServiceBuilder()
                .withMetadata(Owners.ownedMetadata(isvc, Labels.serviceName(isvc), Labels.predictor(isvc)))
                .withNewSpec()
                    .withType("ClusterIP")
                    .withSelector(Labels.selector(isvc))
                    .addNewPort()
                        .withName(RuntimeContainer.PORT_NAME)
                        .withPort(PORT)
                        .withTargetPort(new IntOrString(RuntimeContainer.PORT_NAME))
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }
}
