package dev.kinfer.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.runtime.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command end to end on the fixture MLP, with a 2 x 2 grid at 0.2 s a point and 0.5 s of speed drift. */
class ProfileCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SMALL_GRID = {"--workers", "1,2", "--batches", "1,4", "--seconds-per-point", "0.2",
        "--warmup-seconds", "0.2", "--device", "cpu", "--drift-seconds", "0.5"};

    @TempDir
    static Path dir;
    private static Run profile;

    record Run(int exit, String stdout, String stderr) {
    }

    static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new ProfileCommand(env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Run run(Supplier<Optional<RequestCostProbe.Launch>> launcher, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new ProfileCommand(Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0, launcher).run(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String[] args(String... first) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(SMALL_GRID));
        return all.toArray(String[]::new);
    }

    @BeforeAll
    static void profileTheFixtureOnce() {
        profile = run(Map.of(), args("--model", Fixtures.model("mlp").toString(), "--out", dir.resolve("p.json").toString(),
                "--drift-trace", dir.resolve("drift.csv").toString()));
    }

    private static JsonNode written() throws Exception {
        return JSON.readTree(Files.readString(dir.resolve("p.json")));
    }

    @Test
    void writesTheDocumentedProfileSchema() throws Exception {
        assertEquals(0, profile.exit(), profile.stderr());
        JsonNode root = written();
        assertEquals(Set.of("source", "device", "weightsMiB", "contextMiB", "speedDrift", "points"), fields(root));
        assertEquals("measured", root.get("source").asText());
        assertEquals("cpu", root.get("device").asText());
        for (JsonNode p : root.get("points")) {
            assertEquals(Set.of("batch", "workers", "throughputPerSecond", "p50Millis", "p99Millis", "memoryMiB"), fields(p));
        }
        for (JsonNode d : root.get("speedDrift")) {
            assertEquals(Set.of("seconds", "variance"), fields(d));
        }
    }

    @Test
    void theSpeedDriftIsMeasuredAfterTheGridWithAWorkerPerCoreAndSaidOnStderr() throws Exception {
        JsonNode drift = written().get("speedDrift");
        assertTrue(drift.size() >= 2, drift.toString());
        double previous = 0;
        for (JsonNode d : drift) {
            assertTrue(d.get("seconds").asDouble() > previous && d.get("variance").asDouble() >= 0, drift.toString());
            previous = d.get("seconds").asDouble();
        }
        assertTrue(previous <= 0.5 / SpeedDrift.MIN_WINDOWS, "the longest scale fits 8 windows in 0.5 s: " + drift);
        int cores = Runtime.getRuntime().availableProcessors();
        assertTrue(profile.stderr().contains("profile: speed drift: " + cores + " workers x batch 1 for 0.5 s, "),
                profile.stderr());
    }

    @Test
    void theDriftPhasesCallsAreWrittenForTheAnalysisScriptWhenAskedFor() throws Exception {
        List<String> lines = Files.readAllLines(dir.resolve("drift.csv"));
        int cores = Runtime.getRuntime().availableProcessors();
        Set<String> workers = new java.util.HashSet<>();
        for (String line : lines) {
            String[] f = line.split(",");
            assertEquals(3, f.length, line);
            workers.add(f[0]);
            assertTrue(Long.parseLong(f[2]) > Long.parseLong(f[1]) && Long.parseLong(f[1]) >= 0, line);
        }
        assertEquals(cores, workers.size(), "one worker per core");
        assertTrue(lines.size() > 100, "calls of 0.5 s: " + lines.size());
    }

    @Test
    void aBudgetTooSmallForTheSpeedDriftIsKeptForTheGrid() throws Exception {
        Path out = dir.resolve("small-budget-drift.json");
        Run run = run(Map.of(), "--model", Fixtures.model("mlp").toString(), "--out", out.toString(),
                "--workers", "1", "--batches", "1", "--seconds-per-point", "0.2", "--warmup-seconds", "0",
                "--device", "cpu", "--request-seconds", "0", "--budget-seconds", "20");

        assertEquals(0, run.exit(), run.stderr());
        assertFalse(JSON.readTree(Files.readString(out)).has("speedDrift"));
        assertTrue(run.stderr().contains("speed drift not measured: it takes about 12 s and --budget-seconds 20 leaves"
                + " the grid less than half; give a larger --budget-seconds or a smaller --drift-seconds"), run.stderr());
    }

    @Test
    void outsideTheRuntimeJarTheRequestCostIsLeftOutAndTheLogSaysWhy() throws Exception {
        assertFalse(written().has("requestOverheadMillis"));
        assertTrue(profile.stderr().contains("request cost not measured: it needs a server started from quarkus-run.jar"),
                profile.stderr());
    }

    @Test
    void aServerThatCannotStartLeavesTheRequestCostOutButTheProfileStands() throws Exception {
        Path out = dir.resolve("no-server.json");
        RequestCostProbe.Launch missing = new RequestCostProbe.Launch(
                Path.of(System.getProperty("java.home"), "bin", "java"), dir.resolve("missing/quarkus-run.jar"), List.of());
        Run run = run(() -> Optional.of(missing), "--model", Fixtures.model("mlp").toString(), "--out", out.toString(),
                "--workers", "1", "--batches", "1", "--seconds-per-point", "0.2", "--warmup-seconds", "0",
                "--device", "cpu", "--request-seconds", "0.2", "--drift-seconds", "0");

        assertEquals(0, run.exit(), run.stderr());
        assertFalse(JSON.readTree(Files.readString(out)).has("requestOverheadMillis"));
        assertTrue(run.stderr().contains("request cost not measured: the server exited with code"), run.stderr());
    }

    @Test
    void aBudgetTooSmallForTheRequestCostIsKeptForTheGrid() throws Exception {
        Path out = dir.resolve("small-budget.json");
        RequestCostProbe.Launch never = new RequestCostProbe.Launch(Path.of("/nonexistent/java"),
                dir.resolve("quarkus-run.jar"), List.of());
        Run run = run(() -> Optional.of(never), "--model", Fixtures.model("mlp").toString(), "--out", out.toString(),
                "--workers", "1", "--batches", "1", "--seconds-per-point", "0.2", "--warmup-seconds", "0",
                "--device", "cpu", "--budget-seconds", "20");

        assertEquals(0, run.exit(), run.stderr());
        assertFalse(JSON.readTree(Files.readString(out)).has("requestOverheadMillis"));
        assertTrue(run.stderr().contains("request cost not measured: it takes about 19 s and --budget-seconds 20 leaves"
                + " the grid less than half; give --budget-seconds 38 or more"), run.stderr());
    }

    @Test
    void staysWithinTheTerminationMessageLimit() throws Exception {
        assertTrue(Files.size(dir.resolve("p.json")) <= 4096);
    }

    @Test
    void measuresTheWholeSmallGridInOrderOneWorkerFirst() throws Exception {
        List<String> order = new ArrayList<>();
        written().get("points").forEach(p -> order.add(p.get("workers").asInt() + "x" + p.get("batch").asInt()));
        assertEquals(List.of("1x1", "1x4", "2x1", "2x4"), order, profile.stderr());
    }

    @Test
    void pointsAreSane() throws Exception {
        JsonNode root = written();
        double weights = root.get("weightsMiB").asDouble();
        assertTrue(weights > 0 && root.get("contextMiB").asDouble() > 50, root.toString());
        for (JsonNode p : root.get("points")) {
            assertTrue(p.get("throughputPerSecond").asDouble() > 0, p.toString());
            assertTrue(p.get("p50Millis").asDouble() > 0, p.toString());
            assertTrue(p.get("p99Millis").asDouble() >= p.get("p50Millis").asDouble(), p.toString());
            assertTrue(p.get("memoryMiB").asDouble() >= weights, p.toString());
        }
    }

    @Test
    void reportsProgressOnStderrAndNothingOnStdoutWhenWritingAFile() {
        assertEquals("", profile.stdout());
        assertTrue(profile.stderr().contains("profile: 1 worker x batch 1: "), profile.stderr());
        assertTrue(profile.stderr().contains("profile: wrote "), profile.stderr());
    }

    @Test
    void aTinyBudgetMeasuresOnlyTheFirstPointAndSaysWhatItSkipped() throws Exception {
        List<String> args = new ArrayList<>(List.of(args("--model", Fixtures.model("mlp").toString())));
        args.addAll(List.of("--budget-seconds", "0.01"));
        Run run = run(Map.of(), args.toArray(String[]::new));
        assertEquals(0, run.exit(), run.stderr());
        JsonNode root = JSON.readTree(run.stdout());
        assertEquals(1, root.get("points").size(), run.stdout());
        assertTrue(run.stderr().contains("skipped 3 points: 1x4, 2x1, 2x4"), run.stderr());
    }

    @Test
    void aModelWithoutSignatureFailsSayingHowToProvideOne() throws Exception {
        Path bare = dir.resolve("bare.pt");
        Files.copy(Fixtures.model("mlp"), bare);
        Run run = run(Map.of(), args("--model", bare.toString()));
        assertEquals(2, run.exit());
        assertTrue(run.stderr().startsWith("profile: no signature for " + bare), run.stderr());
        assertTrue(run.stderr().contains("pass --signature '{\"inputs\":[") && run.stderr().contains("KINFER_MODEL_SIGNATURE")
                && run.stderr().contains("bare.json beside the model"), run.stderr());
        assertEquals(1, run.stderr().lines().count(), run.stderr());
    }

    @Test
    void takesTheSignatureFromTheEnvironmentOrTheOption() throws Exception {
        Path bare = dir.resolve("signed.pt");
        Files.copy(Fixtures.model("mlp"), bare);
        String signature = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,16]}]}";
        String[] oneShortPoint = {"--model", bare.toString(), "--workers", "1", "--batches", "2",
            "--seconds-per-point", "0.05", "--warmup-seconds", "0", "--device", "cpu"};
        Run fromEnv = run(Map.of("KINFER_MODEL_SIGNATURE", signature), oneShortPoint);
        assertEquals(0, fromEnv.exit(), fromEnv.stderr());
        List<String> withOption = new ArrayList<>(List.of(oneShortPoint));
        withOption.addAll(List.of("--signature", signature));
        Run fromOption = run(Map.of(), withOption.toArray(String[]::new));
        assertEquals(0, fromOption.exit(), fromOption.stderr());
        assertEquals(2, JSON.readTree(fromOption.stdout()).get("points").get(0).get("batch").asInt());
    }

    @Test
    void aSignatureThatIsNotJsonNorAFileNamesTheOption() {
        Run run = run(Map.of(), args("--model", Fixtures.model("mlp").toString(), "--signature", "nope.json"));
        assertEquals(2, run.exit());
        assertTrue(run.stderr().startsWith("profile: --signature is neither JSON"), run.stderr());
    }

    @Test
    void aMissingModelNamesTheOptionAndThePath() {
        Run run = run(Map.of(), args("--model", dir.resolve("absent.pt").toString()));
        assertEquals(2, run.exit());
        assertEquals("profile: --model " + dir.resolve("absent.pt") + " is not a readable file (" + dir.resolve("absent.pt")
                + " does not exist); expected the path of a TorchScript .pt file", run.stderr().strip());
    }

    @Test
    void badArgumentsExitWithTwoAndOneLine() {
        Run run = run(Map.of(), "--model", "m.pt", "--seconds-per-point", "-1");
        assertEquals(2, run.exit());
        assertEquals("profile: --seconds-per-point is '-1' but must be a number > 0", run.stderr().strip());
    }

    @Test
    void askingForAGpuWithoutOneIsABadArgument() {
        Run run = run(Map.of(), "--model", Fixtures.model("mlp").toString(), "--device", "gpu");
        assertEquals(2, run.exit());
        assertTrue(run.stderr().startsWith("profile: --device is 'gpu' but the PyTorch engine sees no GPU"), run.stderr());
    }

    @Test
    void aFileThatIsNotTorchScriptFailsWithExitOne() throws Exception {
        Path junk = dir.resolve("junk.pt");
        Files.writeString(junk, "not a model");
        Files.copy(Fixtures.dir().resolve("mlp.json"), dir.resolve("junk.json"));
        Run run = run(Map.of(), args("--model", junk.toString()));
        assertEquals(1, run.exit(), run.stderr());
        assertTrue(run.stderr().contains("profile: --model " + junk + " could not be loaded as a TorchScript model"),
                run.stderr());
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        Run run = run(Map.of(), "--help");
        assertEquals(0, run.exit());
        assertTrue(run.stderr().startsWith("usage: java -jar quarkus-run.jar profile --model FILE.pt"), run.stderr());
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
