package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.e2e.runtime.RuntimeProcess;
import dev.kinfer.operator.desired.RuntimeContainer;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The images cannot be built here (no container engine), so their Dockerfiles are checked against what the code
 * reads: the runtime's environment variables, the operator's cache mount and port, the chart's port, the jars the
 * build produces, and the DJL and libtorch versions of the parent POM.
 */
class DockerfilesTest {

    private static final Path RUNTIME_CPU = Repo.ROOT.resolve("model-runtime/src/main/docker/Dockerfile.cpu");
    private static final Path RUNTIME_CUDA = Repo.ROOT.resolve("model-runtime/src/main/docker/Dockerfile.cuda");
    private static final Path OPERATOR = Repo.ROOT.resolve("operator/src/main/docker/Dockerfile");
    private static final Path RUNTIME_APP = Repo.ROOT.resolve("model-runtime/target/quarkus-app");

    static Stream<Path> runtimeImages() {
        return Stream.of(RUNTIME_CPU, RUNTIME_CUDA);
    }

    static Stream<Path> allImages() {
        return Stream.of(RUNTIME_CPU, RUNTIME_CUDA, OPERATOR);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeImages")
    void keepsDjlOfflineWithItsCacheWhereTheOperatorMountsAnEmptyDir(Path file) throws IOException {
        Map<String, String> env = Dockerfile.read(file).env();
        String djlEnvironment = Files.readString(
                Repo.ROOT.resolve("model-runtime/src/main/java/dev/kinfer/runtime/model/DjlEnvironment.java"));
        for (String flag : List.of("DJL_OFFLINE", "OPT_OUT_TRACKING")) {
            assertEquals("true", env.get(flag), flag);
            assertTrue(djlEnvironment.contains('"' + flag + '"'), "the runtime no longer reads " + flag);
        }
        assertEquals(RuntimeContainer.DJL_CACHE_PATH, env.get("DJL_CACHE_DIR"));
        assertEquals(RuntimeContainer.DJL_CACHE_PATH, env.get("ENGINE_CACHE_DIR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeImages")
    void listensOnThePortTheOperatorProbes(Path file) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(file);
        assertEquals(Integer.toString(RuntimeContainer.PORT), dockerfile.env().get("QUARKUS_HTTP_PORT"));
        assertEquals(Integer.toString(RuntimeContainer.PORT), dockerfile.last("EXPOSE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeImages")
    void setsOnlyRuntimeSettingsTheRuntimeKnows(Path file) throws IOException {
        Set<String> known = runtimeSettings();
        for (String name : Dockerfile.read(file).env().keySet()) {
            if (name.startsWith("KINFER_")) {
                assertTrue(known.contains(name), name + " is not a runtime setting; known: " + known);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allImages")
    void runsTheCopiedQuarkusAppAsANumericNonRootUser(Path file) throws IOException {
        Dockerfile dockerfile = Dockerfile.read(file);
        String user = dockerfile.last("USER");
        assertNotNull(user, "no USER: the image would run as root");
        assertTrue(user.matches("[1-9][0-9]*(:[0-9]+)?"), "USER " + user + " must be a numeric non-zero UID");
        String copy = dockerfile.all("COPY").stream().filter(c -> c.contains("target/quarkus-app")).findFirst()
                .orElseThrow(() -> new AssertionError("no COPY of target/quarkus-app"));
        String[] parts = copy.split("\\s+");
        String source = parts[parts.length - 2];
        String destination = parts[parts.length - 1];
        assertTrue(Files.isDirectory(Repo.ROOT.resolve(source)) || !source.startsWith("model-runtime"),
                source + " is not what the build produces");
        assertTrue(dockerfile.last("ENTRYPOINT").contains('"' + destination + "quarkus-run.jar\""),
                "ENTRYPOINT must run " + destination + "quarkus-run.jar: " + dockerfile.last("ENTRYPOINT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeImages")
    void startsTheRuntimeWithTheJitOptionTheTestsAndBenchmarksUse(Path file) throws IOException {
        String entrypoint = Dockerfile.read(file).last("ENTRYPOINT");
        assertTrue(entrypoint.contains('"' + RuntimeProcess.JIT_OPTION + '"'),
                "ENTRYPOINT must pass " + RuntimeProcess.JIT_OPTION + ", as RuntimeProcess does: " + entrypoint);
    }

    @Test
    void theOperatorImageListensOnTheChartsContainerPort() throws IOException {
        Container operator = Chart.operatorDeployment(Chart.render(null)).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals(Integer.toString(operator.getPorts().get(0).getContainerPort()), Dockerfile.read(OPERATOR).last("EXPOSE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runtimeImages")
    void declaresTheDjlAndLibtorchVersionsOfTheBuild(Path file) throws IOException {
        Map<String, String> args = Dockerfile.read(file).args();
        assertEquals(System.getProperty("kinfer.djl.version"), args.get("DJL_VERSION"));
        assertEquals(System.getProperty("kinfer.libtorch.version"), args.get("LIBTORCH_VERSION"));
    }

    @Test
    void theCpuImageRunsTheLibtorchBundledInTheApplication() throws IOException {
        String libtorch = System.getProperty("kinfer.libtorch.version");
        Path jar = RUNTIME_APP.resolve("lib/main/ai.djl.pytorch.pytorch-native-cpu-" + libtorch + "-linux-x86_64.jar");
        assertTrue(Files.exists(jar), jar + " is not in the built application");
        try (JarFile native_ = new JarFile(jar.toFile())) {
            Properties properties = new Properties();
            properties.load(native_.getInputStream(native_.getEntry("native/lib/pytorch.properties")));
            assertTrue(properties.getProperty("version").startsWith(libtorch + "-"), properties.toString());
            assertEquals("cpu", properties.getProperty("flavor"));
        }
        assertTrue(!Dockerfile.read(RUNTIME_CPU).env().containsKey("PYTORCH_LIBRARY_PATH"),
                "the CPU image must use the bundled libtorch, not an override");
    }

    @Test
    void theCudaImagePointsDjlAtLibtorchCu128WithAMatchingJni() throws IOException {
        Dockerfile cuda = Dockerfile.read(RUNTIME_CUDA);
        Map<String, String> env = cuda.env();
        String libtorch = System.getProperty("kinfer.libtorch.version");
        assertEquals(libtorch, env.get("PYTORCH_VERSION"));
        assertEquals("cu128", env.get("PYTORCH_FLAVOR"));
        String libraryPath = env.get("PYTORCH_LIBRARY_PATH");
        assertTrue(cuda.all("COPY").stream().anyMatch(c -> c.startsWith("--from=libtorch") && c.endsWith(" " + libraryPath + "/")),
                "PYTORCH_LIBRARY_PATH " + libraryPath + " must be where libtorch is copied to");
        assertTrue(cuda.args().get("LIBTORCH_URL").contains("/cu128/"), cuda.args().get("LIBTORCH_URL"));
        assertTrue(cuda.instructions().get(0).contains("cuda:12.8"), "CUDA 12.8 base: " + cuda.instructions().get(0));
        String djl = System.getProperty("kinfer.djl.version");
        Path jni = RUNTIME_APP.resolve("lib/main/ai.djl.pytorch.pytorch-jni-" + libtorch + "-" + djl + ".jar");
        try (JarFile jar = new JarFile(jni.toFile())) {
            assertNotNull(jar.getEntry("jnilib/linux-x86_64/cu128/libdjl_torch.so"),
                    jni + " has no cu128 JNI for the CUDA image");
        }
    }

    /** KINFER_* names the runtime documents on its config mapping (KinferConfig's javadoc names each one). */
    private static Set<String> runtimeSettings() throws IOException {
        String source = Files.readString(
                Repo.ROOT.resolve("model-runtime/src/main/java/dev/kinfer/runtime/config/KinferConfig.java"));
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("\\{@code (KINFER_[A-Z_]+)}").matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
