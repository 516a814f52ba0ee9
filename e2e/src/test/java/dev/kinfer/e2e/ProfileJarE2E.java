package dev.kinfer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.e2e.runtime.RuntimeProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The runtime jar's {@code profile} command, run as the profiling Job runs it, measures the grid and what a served
 * request costs beyond the call, through a server it starts from the same jar.
 */
class ProfileJarE2E {

    private static final Path ROOT = Path.of(System.getProperty("kinfer.root", "..")).toAbsolutePath().normalize();

    @Test
    void theProfileCarriesTheRequestCostMeasuredThroughTheRuntimesOwnHttpServer() throws Exception {
        Path out = ROOT.resolve("target/profile-e2e/demo.profile.json");
        Path log = out.resolveSibling("demo.profile.log");
        Files.createDirectories(out.getParent());
        Files.deleteIfExists(out);
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(List.of(javaBin, "-Dai.djl.offline=true", "-jar",
                RuntimeProcess.runtimeJar(ROOT).toString(), "profile", "--model",
                ROOT.resolve("examples/models/demo.pt").toString(), "--out", out.toString(), "--workers", "1",
                "--batches", "1,2", "--seconds-per-point", "0.5", "--warmup-seconds", "0.2", "--request-seconds", "2",
                "--drift-seconds", "2"))
                .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true",
                "DJL_CACHE_DIR", ROOT.resolve("target/djl-cache").toString(),
                "ENGINE_CACHE_DIR", ROOT.resolve("target/djl-cache").toString()));
        Process profile = builder.start();

        boolean finished = profile.waitFor(180, TimeUnit.SECONDS);
        if (!finished) {
            profile.descendants().forEach(ProcessHandle::destroyForcibly);
            profile.destroyForcibly();
        }
        String stderr = Files.readString(log);
        assertThat(finished).as("profile finished within 180 s:\n%s", stderr).isTrue();
        assertThat(profile.exitValue()).as(stderr).isZero();
        Matcher server = Pattern.compile("server pid (\\d+) stopped").matcher(stderr);
        assertThat(server.find()).as("the measuring server was stopped:\n%s", stderr).isTrue();
        assertThat(ProcessHandle.of(Long.parseLong(server.group(1))).filter(ProcessHandle::isAlive)).isEmpty();

        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertThat(json.path("points").size()).as(stderr).isGreaterThanOrEqualTo(1);
        assertThat(json.path("requestOverheadMillis").isNumber()).as("requestOverheadMillis in %s\n%s", json, stderr)
                .isTrue();
        assertThat(json.get("requestOverheadMillis").asDouble()).as("a loopback round trip costs more than a call")
                .isPositive();
        assertThat(json.path("requestCpuMillis").isNumber()).as("requestCpuMillis in %s", json).isTrue();
        assertThat(json.get("requestCpuMillis").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(stderr).contains("profile: request cost: round trip p50");
        // The open-loop window's p99 is written when the window held enough round trips, and said so when not.
        if (json.has("requestOverheadP99Millis")) {
            assertThat(json.get("requestOverheadP99Millis").asDouble()).as("a p99 is not below the p50")
                    .isGreaterThanOrEqualTo(json.get("requestOverheadMillis").asDouble());
            assertThat(stderr).contains("Poisson arrivals at");
            assertThat(json.get("requestBatchCpuMillis").asDouble()).as("the per-batch part of the request CPU")
                    .isBetween(0.0, json.get("requestCpuMillis").asDouble());
        } else {
            assertThat(stderr).as("why the overhead p99 is missing").contains("overhead p99 not measured");
        }
        // the speed drift: on this CPU, every core's worker calling, and the operator reads it as the planner's
        assertThat(json.path("speedDrift").size()).as("speedDrift in %s\n%s", json, stderr).isGreaterThanOrEqualTo(2);
        assertThat(stderr).contains("profile: speed drift: ");
        dev.kinfer.operator.planner.ModelProfile planned = dev.kinfer.operator.desired.PlannedSizing.modelProfile(
                new ObjectMapper().treeToValue(json, dev.kinfer.api.v1alpha1.ProfileSpec.class));
        assertThat(planned.speedDrift().scales()).hasSize(json.path("speedDrift").size());
    }
}
