package dev.kinfer.operator;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceSpec;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.ModelSpec;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** InferenceServices for tests: a valid minimal one that each test changes in the one way it is about. */
public final class Fixtures {

    private Fixtures() {
    }

    /** resnet in namespace vision, pytorch from pvc://models/resnet18.pt, nothing pinned. */
    public static InferenceService resnet() {
        return service("resnet", "vision");
    }

    public static InferenceService service(String name, String namespace) {
        ModelSpec model = new ModelSpec();
        model.setModelFormat(new ModelFormat(ModelFormat.PYTORCH));
        model.setStorageUri("pvc://models/resnet18.pt");
        PredictorSpec predictor = new PredictorSpec();
        predictor.setModel(model);
        InferenceServiceSpec spec = new InferenceServiceSpec();
        spec.setPredictor(predictor);
        InferenceService isvc = new InferenceService();
        isvc.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withUid("uid-" + name).withGeneration(1L).build());
        isvc.setSpec(spec);
        return isvc;
    }

    public static PredictorSpec predictor(InferenceService isvc) {
        return isvc.getSpec().getPredictor();
    }
}
