package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceSpec;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.ModelSpec;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.operator.config.OperatorConfig;
import dev.kinfer.operator.desired.DeploymentBuilder;
import dev.kinfer.operator.desired.Sizing;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Both kinds of pod kinfer runs pass the restricted Pod Security Standard: the chart's and the operator's. */
class RestrictedPodSecurityTest {

    static Stream<Path> valueSets() {
        return Chart.valueSets().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void theChartsOperatorPodIsRestricted(Path valueSet) {
        PodSpec pod = Chart.operatorDeployment(Chart.render(valueSet)).getSpec().getTemplate().getSpec();
        assertEquals(List.of(), RestrictedPodSecurity.violations(pod), Chart.name(valueSet));
    }

    @Test
    void theRuntimePodTheOperatorBuildsForACpuServiceIsRestricted() {
        assertEquals(List.of(), RestrictedPodSecurity.violations(runtimePod(service("pvc://models/m.pt", false))));
    }

    @Test
    void theRuntimePodTheOperatorBuildsForAGpuServiceIsRestricted() {
        assertEquals(List.of(), RestrictedPodSecurity.violations(runtimePod(service("file:///models/m.pt", true))));
    }

    @Test
    void theRuntimePodWithAnInitContainerThatDownloadsTheModelIsRestricted() {
        PodSpec pod = runtimePod(service("s3://models/m.pt", true));
        assertEquals(1, pod.getInitContainers().size(), "the s3:// model is fetched by an init container");
        assertEquals(List.of(), RestrictedPodSecurity.violations(pod));
    }

    @Test
    void theCheckerLooksAtInitContainersToo() {
        PodSpec pod = new PodSpecBuilder(runtimePod(service("https://models.example.com/m.pt", false)))
                .editFirstInitContainer().editSecurityContext().withAllowPrivilegeEscalation(true).endSecurityContext()
                .endInitContainer()
                .build();
        assertEquals(List.of("container fetch-model securityContext.allowPrivilegeEscalation must be false"),
                RestrictedPodSecurity.violations(pod));
    }

    @Test
    void theCheckerCatchesAPodThatDoesNothingForSecurity() {
        PodSpec bare = new PodSpecBuilder().addNewContainer().withName("app").withImage("x").endContainer().build();
        List<String> problems = RestrictedPodSecurity.violations(bare);
        assertTrue(problems.contains("container app securityContext.allowPrivilegeEscalation must be false"), problems.toString());
        assertTrue(problems.contains("container app securityContext.runAsNonRoot (or the pod's) must be true"), problems.toString());
        assertTrue(problems.contains("container app securityContext.capabilities.drop must include ALL"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("seccompProfile")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("readOnlyRootFilesystem")), problems.toString());
    }

    @Test
    void theCheckerCatchesHostAccessPrivilegeAndRoot() {
        PodSpec pod = new PodSpecBuilder(runtimePod(service("pvc://models/m.pt", false)))
                .withHostNetwork(true)
                .addNewVolume().withName("host").withNewHostPath().withPath("/").endHostPath().endVolume()
                .editFirstContainer().editSecurityContext().withPrivileged(true).withRunAsUser(0L)
                .editCapabilities().addToAdd("SYS_ADMIN").endCapabilities().endSecurityContext()
                .addNewPort().withContainerPort(80).withHostPort(80).endPort().endContainer()
                .build();
        List<String> problems = RestrictedPodSecurity.violations(pod);
        assertTrue(problems.contains("spec.hostNetwork must not be true"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("hostPath volume")), problems.toString());
        assertTrue(problems.contains("container runtime securityContext.privileged must not be true"), problems.toString());
        assertTrue(problems.contains("container runtime securityContext.runAsUser must not be 0"), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("not SYS_ADMIN")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("hostPort 80")), problems.toString());
    }

    static PodSpec runtimePod(InferenceService isvc) {
        return DeploymentBuilder.build(isvc, new Sizing(2, 8, 2, 1, null, "test"), ConfigDefaults.of(OperatorConfig.class))
                .getSpec().getTemplate().getSpec();
    }

    static InferenceService service(String storageUri, boolean gpu) {
        ModelSpec model = new ModelSpec();
        model.setModelFormat(new ModelFormat(ModelFormat.PYTORCH));
        model.setStorageUri(storageUri);
        PredictorSpec predictor = new PredictorSpec();
        predictor.setModel(model);
        if (gpu) {
            predictor.setResources(new ResourceRequirementsBuilder()
                    .addToLimits("nvidia.com/gpu", new Quantity("1")).build());
        }
        InferenceServiceSpec spec = new InferenceServiceSpec();
        spec.setPredictor(predictor);
        InferenceService isvc = new InferenceService();
        isvc.setMetadata(new ObjectMetaBuilder().withName("m").withNamespace("ns").withUid("u").build());
        isvc.setSpec(spec);
        return isvc;
    }
}
