package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.InferenceService;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Map;

/** Metadata shared by every object the operator creates: name, namespace, labels and the controller owner. */
public final class Owners {

    private Owners() {
    }

    /** Controller owner reference, so that deleting the InferenceService garbage-collects the object. */
    static OwnerReference controllerReference(InferenceService isvc) {
        return new OwnerReferenceBuilder()
                .withApiVersion(isvc.getApiVersion())
                .withKind(isvc.getKind())
                .withName(isvc.getMetadata().getName())
                .withUid(isvc.getMetadata().getUid())
                .withController(true)
                .withBlockOwnerDeletion(true)
                .build();
    }

    public static ObjectMeta ownedMetadata(InferenceService isvc, String name, Map<String, String> labels) {
        return new ObjectMetaBuilder()
                .withName(name)
                .withNamespace(isvc.getMetadata().getNamespace())
                .withLabels(labels)
                .withOwnerReferences(controllerReference(isvc))
                .build();
    }
}
