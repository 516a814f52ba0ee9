package dev.kinfer.operator;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceSpec;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.ModelSpec;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.api.v1alpha1.ProfilePoint;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.planner.H200Profiles;
import dev.kinfer.operator.planner.ModelProfile;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;

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

    /**
     * The worked example of docs/planner.md: one 80 GiB GPU per pod, p99 10 ms, 50,000 images/s, the measured
     * H200 ResNet-18 profile declared in the spec.
     */
    public static InferenceService h200WorkedExample(InferenceService isvc) {
        PredictorSpec predictor = predictor(isvc);
        predictor.setResources(new ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new Quantity("1")).build());
        predictor.setGpuMemory("80Gi");
        predictor.setMinReplicas(1);
        predictor.setMaxReplicas(20);
        isvc.getSpec().setSla(new SlaSpec(10.0, 50_000.0));
        isvc.getSpec().setProfile(declared(H200Profiles.resnet18Fp32()));
        return isvc;
    }

    /** A planner profile as a user would declare it in spec.profile. */
    public static ProfileSpec declared(ModelProfile profile) {
        ProfileSpec spec = new ProfileSpec();
        spec.setSource(ProfileSpec.SOURCE_DECLARED);
        spec.setWeightsMiB(profile.weightsMiB());
        spec.setContextMiB(profile.contextMiB());
        spec.setPoints(profile.points().stream().map(p -> {
            ProfilePoint point = new ProfilePoint();
            point.setWorkers(p.workers());
            point.setBatch(p.batch());
            point.setThroughputPerSecond(p.throughputPerSecond());
            point.setP50Millis(p.p50Millis());
            point.setP99Millis(p.p99Millis());
            point.setMemoryMiB(p.memoryMiB());
            return point;
        }).toList());
        return spec;
    }
}
