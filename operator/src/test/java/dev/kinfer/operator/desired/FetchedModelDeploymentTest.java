package dev.kinfer.operator.desired;

import static dev.kinfer.operator.Fixtures.predictor;
import static dev.kinfer.operator.Fixtures.resnet;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.TestConfig;
import dev.kinfer.operator.profile.ProfilingJobBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

/** http(s):// and s3:// models: an init container downloads them into an emptyDir the runtime reads. */
class FetchedModelDeploymentTest {

    private static final Sizing SIZING = new Sizing(1, 1, 0, 1, null, "test sizes");

    private static PodSpec pod(InferenceService isvc) {
        return DeploymentBuilder.build(isvc, SIZING, TestConfig.defaults()).getSpec().getTemplate().getSpec();
    }

    private static InferenceService withUri(String uri) {
        InferenceService isvc = resnet();
        predictor(isvc).getModel().setStorageUri(uri);
        return isvc;
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    private static VolumeMount mount(Container container, String path) {
        return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
                .orElseThrow();
    }

    @Test
    void httpsModelIsFetchedByAnInitContainerIntoAnEmptyDirTheRuntimeReads() {
        PodSpec pod = pod(withUri("https://models.example.com/vision/resnet18.pt"));

        Container fetch = pod.getInitContainers().get(0);
        Container runtime = pod.getContainers().get(0);
        assertThat(pod.getInitContainers()).hasSize(1);
        assertThat(fetch.getName()).isEqualTo("fetch-model");
        assertThat(fetch.getImage()).isEqualTo(runtime.getImage());
        assertThat(fetch.getImagePullPolicy()).isEqualTo(runtime.getImagePullPolicy());
        assertThat(fetch.getArgs()).containsExactly("fetch", "--uri", "https://models.example.com/vision/resnet18.pt",
                "--out", "/mnt/models/resnet18.pt", "--max-bytes", Long.toString(20L << 30),
                "--message-file", "/dev/termination-log",
                "--sidecar-uri", "https://models.example.com/vision/resnet18.json");
        assertThat(fetch.getTerminationMessagePolicy()).isEqualTo("FallbackToLogsOnError");
        assertThat(env(runtime, "KINFER_MODEL_URI")).isEqualTo("/mnt/models/resnet18.pt");
        Volume store = pod.getVolumes().stream().filter(v -> v.getName().equals("model-store")).findFirst()
                .orElseThrow();
        assertThat(store.getEmptyDir().getSizeLimit()).isEqualTo(new Quantity("20Gi"));
        assertThat(mount(fetch, "/mnt/models").getName()).isEqualTo("model-store");
        assertThat(mount(fetch, "/mnt/models").getReadOnly()).isNull();
        assertThat(mount(runtime, "/mnt/models").getReadOnly()).isTrue();
        assertThat(mount(fetch, "/tmp").getName()).as("the JVM writes to /tmp; the root is read-only").isEqualTo("tmp");
    }

    @Test
    void checksumIsPassedLowerCased() {
        InferenceService isvc = withUri("http://models.example.com/resnet18.pt");
        predictor(isvc).getModel().setSha256("AB".repeat(32));

        List<String> args = pod(isvc).getInitContainers().get(0).getArgs();

        assertThat(args).containsSequence("--sha256", "ab".repeat(32));
    }

    @Test
    void sidecarOfAPresignedUrlIsLookedForWithoutTheModelsSignature() {
        List<String> args = pod(withUri("https://b.s3.amazonaws.com/m/resnet18.v2.pt?X-Amz-Signature=abc"))
                .getInitContainers().get(0).getArgs();

        assertThat(args).containsSequence("--out", "/mnt/models/resnet18.v2.pt");
        assertThat(args).containsSequence("--sidecar-uri", "https://b.s3.amazonaws.com/m/resnet18.v2.json");
    }

    @Test
    void changingTheChecksumChangesThePodTemplateSoThePodsRollOut() {
        InferenceService before = withUri("http://models.example.com/resnet18.pt");
        InferenceService after = withUri("http://models.example.com/resnet18.pt");
        predictor(after).getModel().setSha256("0".repeat(64));

        assertThat(pod(after)).isNotEqualTo(pod(before));
    }

    @Test
    void s3CredentialsComeFromTheSecretIntoTheInitContainerOnly() {
        InferenceService isvc = withUri("s3://models/vision/resnet18.pt");
        predictor(isvc).getModel().setCredentialsSecret("s3-reader");

        PodSpec pod = pod(isvc);

        Container fetch = pod.getInitContainers().get(0);
        assertThat(fetch.getEnv()).extracting(EnvVar::getName).containsExactly("AWS_ACCESS_KEY_ID",
                "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_ENDPOINT_URL_S3");
        assertThat(fetch.getEnv()).allSatisfy(e -> {
            assertThat(e.getValue()).isNull();
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("s3-reader");
            assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(e.getName());
        });
        assertThat(fetch.getEnv().get(0).getValueFrom().getSecretKeyRef().getOptional()).isNull();
        assertThat(fetch.getEnv().get(2).getValueFrom().getSecretKeyRef().getOptional()).isTrue();
        assertThat(pod.getContainers().get(0).getEnv()).noneMatch(e -> e.getName().startsWith("AWS_"));
        assertThat(fetch.getArgs()).containsSequence("--uri", "s3://models/vision/resnet18.pt", "--out",
                "/mnt/models/resnet18.pt");
        assertThat(fetch.getArgs()).containsSequence("--sidecar-uri", "s3://models/vision/resnet18.json");
    }

    @Test
    void anonymousS3HasNoCredentialEnvironment() {
        assertThat(pod(withUri("s3://public-models/resnet18.pt")).getInitContainers().get(0).getEnv()).isEmpty();
    }

    @Test
    void initContainerGetsTheRuntimesCpuAndMemoryButNoGpu() {
        InferenceService isvc = withUri("https://models.example.com/resnet18.pt");
        predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("2")).addToLimits("memory", new Quantity("8Gi"))
                .addToLimits("nvidia.com/gpu", new Quantity("1")).build());

        PodSpec pod = pod(isvc);

        Container fetch = pod.getInitContainers().get(0);
        assertThat(fetch.getResources().getRequests()).containsOnlyKeys("cpu");
        assertThat(fetch.getResources().getLimits()).containsOnlyKeys("memory");
        assertThat(pod.getContainers().get(0).getResources().getLimits()).containsKey("nvidia.com/gpu");
    }

    @Test
    void fileNameThatIsNotPlainIsSavedAsModelPt() {
        PodSpec pod = pod(withUri("https://models.example.com/download?id=7"));

        assertThat(pod.getInitContainers().get(0).getArgs()).containsSequence("--out", "/mnt/models/model.pt")
                .doesNotContain("--sidecar-uri");
        assertThat(env(pod.getContainers().get(0), "KINFER_MODEL_URI")).isEqualTo("/mnt/models/model.pt");
    }

    @Test
    void pvcModelHasNoInitContainerAndNoDownloadVolume() {
        PodSpec pod = pod(resnet());

        assertThat(pod.getInitContainers()).isNullOrEmpty();
        assertThat(pod.getVolumes()).noneMatch(v -> v.getEmptyDir() != null && v.getName().equals("model-store"));
    }

    @Test
    void profilingJobFetchesTheModelTheSameWayBeforeMeasuringIt() {
        InferenceService isvc = withUri("https://models.example.com/resnet18.pt");

        PodSpec job = ProfilingJobBuilder.build(isvc, 1, TestConfig.defaults()).getSpec().getTemplate().getSpec();

        assertThat(job.getInitContainers()).extracting(Container::getName).containsExactly("fetch-model");
        assertThat(job.getContainers().get(0).getArgs()).containsSequence("--model", "/mnt/models/resnet18.pt");
    }
}
