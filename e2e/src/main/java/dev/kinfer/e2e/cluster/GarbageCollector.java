package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Plays Kubernetes' garbage collector for the kinds the local cluster runs: a Deployment, Service, Job or Pod whose
 * owners (by uid) are all gone is deleted. Dependents are listed before owners, so an object created between the
 * two lists is never taken for an orphan.
 */
final class GarbageCollector {

    private static final ResourceDefinitionContext INFERENCE_SERVICES = new ResourceDefinitionContext.Builder()
            .withGroup("serving.kinfer.dev").withVersion("v1alpha1").withKind("InferenceService")
            .withPlural("inferenceservices").withNamespaced(true).build();

    private static final Set<String> KNOWN_OWNERS = Set.of("InferenceService", "Deployment", "Job");

    private final KubernetesClient client;
    private final Consumer<String> log;

    GarbageCollector(KubernetesClient client, Consumer<String> log) {
        this.client = client;
        this.log = log;
    }

    void collect() {
        List<? extends HasMetadata> dependents = java.util.stream.Stream.of(
                client.apps().deployments().inAnyNamespace().list().getItems(),
                client.services().inAnyNamespace().list().getItems(),
                client.batch().v1().jobs().inAnyNamespace().list().getItems(),
                client.pods().inAnyNamespace().list().getItems())
                .flatMap(Collection::stream).filter(o -> o.getMetadata().getOwnerReferences() != null
                        && !o.getMetadata().getOwnerReferences().isEmpty())
                .toList();
        if (dependents.isEmpty()) {
            return;
        }
        Set<String> owners = new HashSet<>();
        client.genericKubernetesResources(INFERENCE_SERVICES).inAnyNamespace().list().getItems().stream()
                .map(GenericKubernetesResource::getMetadata).forEach(m -> owners.add(m.getUid()));
        client.apps().deployments().inAnyNamespace().list().getItems()
                .forEach(o -> owners.add(o.getMetadata().getUid()));
        client.batch().v1().jobs().inAnyNamespace().list().getItems()
                .forEach(o -> owners.add(o.getMetadata().getUid()));
        for (HasMetadata dependent : dependents) {
            List<OwnerReference> refs = dependent.getMetadata().getOwnerReferences();
            if (refs.stream().allMatch(ref -> KNOWN_OWNERS.contains(ref.getKind()) && !owners.contains(ref.getUid()))) {
                log.accept("garbage collector: deleting " + dependent.getKind() + " "
                        + dependent.getMetadata().getNamespace() + "/" + dependent.getMetadata().getName()
                        + ", its owner " + refs.get(0).getKind() + " " + refs.get(0).getName() + " is gone");
                client.resource(dependent).delete();
            }
        }
    }
}
