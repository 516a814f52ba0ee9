package dev.kinfer.operator.desired;

import static dev.kinfer.operator.Fixtures.predictor;
import static dev.kinfer.operator.Fixtures.resnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.TestConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DeploymentBuilderTest {

    private static final Sizing SIZING = new Sizing(4, 16, 3, 2, null, "test sizes");

    private static Deployment build(InferenceService isvc) {
        return DeploymentBuilder.build(isvc, SIZING, TestConfig.defaults());
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> env(Deployment deployment) {
        return container(deployment).getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void namesTheDeploymentAfterTheServiceWithAPredictorSuffix() {
        Deployment deployment = build(resnet());
        assertEquals("resnet-predictor", deployment.getMetadata().getName());
        assertEquals("vision", deployment.getMetadata().getNamespace());
    }

    @Test
    void runsTheConfiguredRuntimeImageOnANamedHttpPort() {
        Container container = container(build(resnet()));
        assertEquals("kinfer/model-runtime:0.1.0", container.getImage());
        assertEquals("http", container.getPorts().get(0).getName());
        assertEquals(8080, container.getPorts().get(0).getContainerPort());
    }

    @Test
    void prefersTheImageFromTheSpec() {
        InferenceService isvc = resnet();
        predictor(isvc).setImage("registry.example/runtime:dev");
        assertEquals("registry.example/runtime:dev", container(build(isvc)).getImage());
    }

    @Test
    void passesTheSizesToTheRuntimeThroughItsEnvironment() {
        Map<String, String> env = env(build(resnet()));
        assertEquals("4", env.get("KINFER_WORKERS"));
        assertEquals("16", env.get("KINFER_MAX_BATCH_SIZE"));
        assertEquals("3", env.get("KINFER_MAX_BATCH_DELAY_MS"));
        assertEquals("256", env.get("KINFER_QUEUE_CAPACITY"));
    }

    @Test
    void runsTheSizedNumberOfReplicas() {
        assertEquals(2, build(resnet()).getSpec().getReplicas());
    }

    @Test
    void mountsAPvcReadOnlyAndPointsTheRuntimeAtTheFileInIt() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("pvc://models/vision/resnet18.pt");
        Deployment deployment = build(isvc);
        assertEquals("/mnt/models/vision/resnet18.pt", env(deployment).get("KINFER_MODEL_URI"));
        Volume volume = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null).findFirst().orElseThrow();
        assertEquals("models", volume.getPersistentVolumeClaim().getClaimName());
        assertTrue(volume.getPersistentVolumeClaim().getReadOnly());
        assertTrue(container(deployment).getVolumeMounts().stream()
                .anyMatch(m -> m.getMountPath().equals("/mnt/models") && Boolean.TRUE.equals(m.getReadOnly())));
    }

    @Test
    void passesAFileUriAsItsPathWithoutMountingAnything() {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri("file:///opt/models/mlp.pt");
        Deployment deployment = build(isvc);
        assertEquals("/opt/models/mlp.pt", env(deployment).get("KINFER_MODEL_URI"));
        assertTrue(deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .noneMatch(v -> v.getPersistentVolumeClaim() != null));
    }

    @Test
    void servesTheModelUnderTheResourceNameUnlessOneIsGiven() {
        assertEquals("resnet", env(build(resnet())).get("KINFER_MODEL_NAME"));
        InferenceService named = resnet();
        predictor(named).getModel().setName("resnet18");
        assertEquals("resnet18", env(build(named)).get("KINFER_MODEL_NAME"));
    }

    @Test
    void runsOnCpuWithoutAGpuLimit() {
        assertEquals("cpu", env(build(resnet())).get("KINFER_DEVICE"));
    }

    @Test
    void runsOnGpuWhenTheContainerHasAGpuLimitAndCopiesTheResources() {
        InferenceService isvc = resnet();
        predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new Quantity("1"))
                .addToLimits("memory", new Quantity("8Gi"))
                .build());
        Deployment deployment = build(isvc);
        assertEquals("gpu", env(deployment).get("KINFER_DEVICE"));
        assertEquals(new Quantity("8Gi"), container(deployment).getResources().getLimits().get("memory"));
    }

    @Test
    void treatsAZeroGpuLimitAsCpu() {
        InferenceService isvc = resnet();
        predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("nvidia.com/gpu", new Quantity("0")).build());
        assertEquals("cpu", env(build(isvc)).get("KINFER_DEVICE"));
    }

    @Test
    void keepsDjlOfflineWithItsCacheOnAnEmptyDir() {
        Deployment deployment = build(resnet());
        Map<String, String> env = env(deployment);
        assertEquals("true", env.get("DJL_OFFLINE"));
        assertEquals("true", env.get("OPT_OUT_TRACKING"));
        assertEquals(RuntimeContainer.DJL_CACHE_PATH, env.get("DJL_CACHE_DIR"));
        Volume cache = deployment.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getName().equals("djl-cache")).findFirst().orElseThrow();
        assertNotNull(cache.getEmptyDir());
        assertTrue(container(deployment).getVolumeMounts().stream()
                .anyMatch(m -> m.getName().equals("djl-cache") && m.getMountPath().equals(RuntimeContainer.DJL_CACHE_PATH)));
    }

    @Test
    void probesTheRuntimeHealthEndpoints() {
        Container container = container(build(resnet()));
        assertEquals("/v2/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/v2/health/live", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals("http", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
    }

    @Test
    void sizesTheStartupProbeForTheConfiguredModelLoadTime() {
        var startup = container(build(resnet())).getStartupProbe();
        assertEquals("/v2/health/ready", startup.getHttpGet().getPath());
        assertEquals(600, startup.getPeriodSeconds() * startup.getFailureThreshold());
    }

    @Test
    void labelsEverythingWithTheRecommendedLabels() {
        Deployment deployment = build(resnet());
        Map<String, String> expected = Map.of(
                "app.kubernetes.io/name", "kinfer-runtime",
                "app.kubernetes.io/instance", "resnet",
                "app.kubernetes.io/component", "predictor",
                "app.kubernetes.io/managed-by", "kinfer-operator",
                "app.kubernetes.io/part-of", "kinfer");
        assertEquals(expected, deployment.getMetadata().getLabels());
        assertEquals(expected, deployment.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void selectsPodsByInstanceAndComponentOnly() {
        assertEquals(Map.of("app.kubernetes.io/instance", "resnet", "app.kubernetes.io/component", "predictor"),
                build(resnet()).getSpec().getSelector().getMatchLabels());
    }

    @Test
    void isControlledByTheInferenceService() {
        OwnerReference owner = build(resnet()).getMetadata().getOwnerReferences().get(0);
        assertEquals("InferenceService", owner.getKind());
        assertEquals("serving.kinfer.dev/v1alpha1", owner.getApiVersion());
        assertEquals("resnet", owner.getName());
        assertEquals("uid-resnet", owner.getUid());
        assertTrue(owner.getController());
    }

    @Test
    void isAPureFunctionOfItsInputs() {
        assertEquals(build(resnet()), build(resnet()));
    }

    @Test
    void passesTheUsersSchedulingThroughToThePods() {
        InferenceService isvc = Fixtures.resnet();
        PredictorSpec predictor = Fixtures.predictor(isvc);
        predictor.setNodeSelector(Map.of("pool", "gpu"));
        predictor.setTolerations(List.of(new TolerationBuilder().withKey("nvidia.com/gpu").withOperator("Exists")
                .withEffect("NoSchedule").build()));
        predictor.setPriorityClassName("inference-high");

        PodSpec pod = DeploymentBuilder.build(isvc, SIZING, TestConfig.defaults()).getSpec().getTemplate().getSpec();

        assertEquals(Map.of("pool", "gpu"), pod.getNodeSelector());
        assertEquals("nvidia.com/gpu", pod.getTolerations().get(0).getKey());
        assertEquals("inference-high", pod.getPriorityClassName());
    }

    @Test
    void waitsInAPreStopSleepSoThatEndpointsDropThePodBeforeSigterm() {
        Container container = container(build(resnet()));
        assertNotNull(container.getLifecycle().getPreStop().getSleep(),
                "the kubelet's sleep action: the image has no shell to run sleep in");
        assertEquals(5L, container.getLifecycle().getPreStop().getSleep().getSeconds());
        assertNull(container.getLifecycle().getPreStop().getExec());
        assertNull(container.getLifecycle().getPreStop().getHttpGet());
    }

    @Test
    void tellsTheRuntimeHowLongItsDrainAndFinishMayTake() {
        Map<String, String> env = env(build(resnet()));
        assertEquals("3S", env.get("KINFER_SHUTDOWN_DRAIN"));
        assertEquals("30S", env.get("KINFER_SHUTDOWN_TIMEOUT"));
    }

    @Test
    void givesThePodLongerToStopThanPreStopDrainAndFinishTakeTogether() {
        Deployment deployment = build(resnet());
        Container container = container(deployment);
        Map<String, String> env = env(deployment);
        long preStop = container.getLifecycle().getPreStop().getSleep().getSeconds();
        long drain = Duration.parse("PT" + env.get("KINFER_SHUTDOWN_DRAIN")).toSeconds();
        long finish = Duration.parse("PT" + env.get("KINFER_SHUTDOWN_TIMEOUT")).toSeconds();
        long grace = deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        assertTrue(grace >= preStop + drain + finish + 5,
                "grace " + grace + " s leaves the JVM under 5 s to exit after " + preStop + " + " + drain + " + "
                        + finish + " s");
    }

    @Test
    void keepsThePodTemplateByteIdenticalWhenOnlyTheReplicaCountChanges() {
        Sizing scaled = new Sizing(SIZING.workersPerPod(), SIZING.maxBatchSize(), SIZING.maxBatchDelayMillis(),
                SIZING.replicas() + 3, null, "test sizes, scaled out");
        Deployment before = build(resnet());
        Deployment after = DeploymentBuilder.build(resnet(), scaled, TestConfig.defaults());
        assertNotEquals(before.getSpec().getReplicas(), after.getSpec().getReplicas());
        assertEquals(Serialization.asJson(before.getSpec().getTemplate()),
                Serialization.asJson(after.getSpec().getTemplate()));
    }

    @Test
    void changesThePodTemplateWhenTheModelImageOrRuntimeEnvironmentChanges() {
        String template = Serialization.asJson(build(resnet()).getSpec().getTemplate());
        InferenceService otherModel = resnet();
        predictor(otherModel).getModel().setStorageUri("pvc://models/resnet50.pt");
        InferenceService otherImage = resnet();
        predictor(otherImage).setImage("kinfer/model-runtime:0.2.0");
        Sizing otherWorkers = new Sizing(SIZING.workersPerPod() + 1, SIZING.maxBatchSize(),
                SIZING.maxBatchDelayMillis(), SIZING.replicas(), null, "test sizes, one more worker");

        assertNotEquals(template, Serialization.asJson(build(otherModel).getSpec().getTemplate()), "model URI");
        assertNotEquals(template, Serialization.asJson(build(otherImage).getSpec().getTemplate()), "image");
        assertNotEquals(template, Serialization.asJson(DeploymentBuilder.build(resnet(), otherWorkers,
                TestConfig.defaults()).getSpec().getTemplate()), "KINFER_WORKERS");
    }
}
