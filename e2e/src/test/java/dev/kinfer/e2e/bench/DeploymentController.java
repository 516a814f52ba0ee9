package dev.kinfer.e2e.bench;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for Kubernetes' Deployment controller with pods that start at once: every Deployment whose status does
 * not yet report its current generation fully rolled out and available gets such a status. Writes only when the
 * status differs, so it is quiet in steady state. Its client's requests are not the operator's.
 */
final class DeploymentController implements AutoCloseable {

    private final KubernetesClient client;
    private final ExecutorService writer = Executors.newFixedThreadPool(2);

    DeploymentController(KubernetesClient client, SharedIndexInformer<Deployment> deployments) {
        this.client = client;
        deployments.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                reconcile(deployment);
            }

            @Override
            public void onUpdate(Deployment old, Deployment deployment) {
                reconcile(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean unknownFinalState) {
            }
        });
    }

    private void reconcile(Deployment deployment) {
        DeploymentStatus wanted = available(deployment);
        if (Objects.equals(deployment.getStatus(), wanted)) {
            return;
        }
        // The informer's copy is the latest this controller knows; a write against a stale one fails with a
        // conflict, and the update event that made it stale brings the Deployment back here.
        Deployment copy = new io.fabric8.kubernetes.api.model.apps.DeploymentBuilder(deployment).build();
        copy.setStatus(wanted);
        writer.submit(() -> {
            try {
                client.resource(copy).updateStatus();
            } catch (KubernetesClientException conflict) {
                // see above
            }
        });
    }

    static DeploymentStatus available(Deployment deployment) {
        int replicas = deployment.getSpec().getReplicas() == null ? 1 : deployment.getSpec().getReplicas();
        return new DeploymentStatusBuilder()
                .withObservedGeneration(deployment.getMetadata().getGeneration())
                .withReplicas(replicas).withUpdatedReplicas(replicas)
                .withReadyReplicas(replicas).withAvailableReplicas(replicas)
                .build();
    }

    @Override
    public void close() {
        writer.shutdownNow();
    }
}
