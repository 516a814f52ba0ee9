package dev.kinfer.e2e.bench;

import dev.kinfer.e2e.load.LoadGenerator;
import dev.kinfer.e2e.load.LoadResult;
import dev.kinfer.e2e.load.Target;
import dev.kinfer.e2e.runtime.RuntimeProcess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The runtime's benchmark: kinfer served over HTTP against the same model called in-process through
 * DJL, and against the seed-style Python server (../shared/peers), in one run, on this machine, with
 * one load generator ({@link LoadGenerator}); prints every measurement and then the comparisons
 * side by side. Needs the runtime jar built and the seed server's Debian packages (see
 * docs/performance.md). Everything listens on 127.0.0.1 and every run is bounded in time.
 *
 * <p>Options (system properties): {@code bench.seconds} (10) per measured run, {@code bench.warmup}
 * (3), {@code bench.only} ({@code mlp}, {@code resnet} or both), {@code bench.openRate} (5000
 * req/s for the mlp open-loop runs), {@code bench.shared} (../shared beside the project).
 */
public final class RuntimeBenchmark {
    private final Path root = Path.of(System.getProperty("kinfer.root", ".")).toAbsolutePath().normalize();
    private final Path shared = Path.of(System.getProperty("bench.shared", root.resolve("../shared").toString())).normalize();
    private final Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    private final double openRate = Double.parseDouble(System.getProperty("bench.openRate", "5000"));
    private final String only = System.getProperty("bench.only", "all");
    private final List<String[]> comparisons = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new RuntimeBenchmark().run();
        System.exit(0);
    }

    private void run() throws Exception {
        System.out.printf("kinfer runtime benchmark: %d s runs after %d s warm-up; cores=%d; load average at start %s%n",
                measure.toSeconds(), warmUp.toSeconds(), Runtime.getRuntime().availableProcessors(), loadAverage());
        try (LoadGenerator load = new LoadGenerator()) {
            if (!only.equals("resnet")) {
                mlp(load);
            }
            if (!only.equals("mlp")) {
                resnet(load);
            }
        }
        System.out.printf("%nload average at end %s%n%n", loadAverage());
        System.out.printf("%-58s %14s %14s %7s %s%n", "comparison", "kinfer", "baseline", "ratio", "target");
        for (String[] row : comparisons) {
            System.out.printf("%-58s %14s %14s %7s %s%n", (Object[]) row);
        }
    }

    private void mlp(LoadGenerator load) throws Exception {
        Workloads mlp = Workloads.load(shared.resolve("models"), "mlp");
        System.out.printf("%n== mlp %s, single-sample V2 JSON ==%n", Workloads.describe(mlp.shape()));
        InProcess.Result inProcess = InProcess.measure(mlp.model(), mlp.shape(), mlp.sample(), 1, 1,
                warmUp.toSeconds(), measure.toSeconds());
        System.out.printf("in-process DJL 1 thread x batch 1: %.0f calls/s, p50 %.3f ms, p99 %.3f ms%n",
                inProcess.samplesPerSecond(), inProcess.p50Millis(), inProcess.p99Millis());

        LoadResult kinferOne;
        LoadResult kinferMany;
        try (RuntimeProcess kinfer = startKinfer(mlp, Map.of("KINFER_WORKERS", "2", "KINFER_MAX_BATCH_SIZE", "32",
                "KINFER_MAX_BATCH_DELAY_MS", "0", "KINFER_QUEUE_CAPACITY", "4096"))) {
            Target target = mlp.json(kinfer.inferUri());
            // 64 connections first: its hundred thousand requests also finish the JIT's work before c=1 is timed
            kinferMany = report("kinfer 2 workers, batch<=32", load.closedLoop(target, 64, warmUp, measure));
            kinferOne = report("kinfer 2 workers, batch<=32", load.closedLoop(target, 1, warmUp, measure));
            report("kinfer 2 workers, batch<=32", load.openLoop(target, openRate, 64, warmUp, measure));
        }
        LoadResult seedBest = null;
        LoadResult seedOne = null;
        String seedLabel = "";
        for (int[] config : new int[][] {{2, 1}, {1, 2}}) {
            try (SeedServer seed = SeedServer.start(shared.resolve("peers"), mlp.model(), "mlp", 18080, config[0], config[1])) {
                Target target = mlp.json(URI.create("http://127.0.0.1:" + seed.port + "/v2/models/mlp/infer"));
                LoadResult many = report(seed.label, load.closedLoop(target, 64, warmUp, measure));
                LoadResult one = report(seed.label, load.closedLoop(target, 1, warmUp, measure));
                report(seed.label, load.openLoop(target, openRate, 64, warmUp, measure));
                if (seedBest == null || many.requestsPerSecond() > seedBest.requestsPerSecond()) {
                    seedBest = many;
                    seedOne = one;
                    seedLabel = seed.label;
                }
            }
        }
        compare("mlp req/s at 64 connections vs seed (" + seedLabel + ")", kinferMany.requestsPerSecond(),
                seedBest.requestsPerSecond(), "%.0f", ">= 2.00");
        comparisons.add(new String[] {"mlp p50 at 1 connection minus in-process p50 (ms)",
                String.format("%.3f", kinferOne.percentileMillis(50)), String.format("%.3f", inProcess.p50Millis()),
                String.format("+%.3f", kinferOne.percentileMillis(50) - inProcess.p50Millis()), "<= +0.300 ms"});
        comparisons.add(new String[] {"mlp p50 at 1 connection, kinfer vs seed (ms)",
                String.format("%.3f", kinferOne.percentileMillis(50)), String.format("%.3f", seedOne.percentileMillis(50)),
                "", "(information)"});
    }

    private void resnet(LoadGenerator load) throws Exception {
        Workloads resnet = Workloads.load(shared.resolve("models"), "resnet18");
        LoadResult seed;
        try (SeedServer server = SeedServer.start(shared.resolve("peers"), resnet.model(), "resnet18", 18080, 1, 2)) {
            System.out.printf("%n== resnet18 %s, seed-style server (its best configuration) ==%n",
                    Workloads.describe(resnet.shape()));
            seed = report(server.label + " V2 JSON", load.closedLoop(resnet.json(
                    URI.create("http://127.0.0.1:" + server.port + "/v2/models/resnet18/infer")), 16, warmUp, measure));
        }
        for (int batch : new int[] {1, 4}) {
            System.out.printf("%n== resnet18, kinfer 2 workers x max batch %d (delay 10 ms) vs DJL in process 2 threads x"
                    + " batch %d ==%n", batch, batch);
            InProcess.Result inProcess = InProcess.measure(resnet.model(), resnet.shape(), resnet.sample(), 2, batch,
                    warmUp.toSeconds(), measure.toSeconds());
            System.out.printf("in-process DJL 2 threads x batch %d: %.1f samples/s, p50 %.1f ms, p99 %.1f ms%n",
                    batch, inProcess.samplesPerSecond(), inProcess.p50Millis(), inProcess.p99Millis());
            LoadResult binary;
            LoadResult json;
            try (RuntimeProcess kinfer = startKinfer(resnet, Map.of("KINFER_WORKERS", "2",
                    "KINFER_MAX_BATCH_SIZE", Integer.toString(batch), "KINFER_MAX_BATCH_DELAY_MS", "10"))) {
                binary = report("kinfer binary tensors", load.closedLoop(resnet.binary(kinfer.inferUri()), 16, warmUp, measure));
                json = report("kinfer V2 JSON", load.closedLoop(resnet.json(kinfer.inferUri()), 16, warmUp, measure));
            }
            String config = "2w x b" + batch;
            compare("resnet18 " + config + " served binary c=16 / in-process, samples/s", binary.samplesPerSecond(),
                    inProcess.samplesPerSecond(), "%.1f", ">= 0.95");
            compare("resnet18 " + config + " served JSON c=16 / in-process, samples/s", json.samplesPerSecond(),
                    inProcess.samplesPerSecond(), "%.1f", "(reported)");
            compare("resnet18 " + config + " JSON c=16 / seed 1w x 2t JSON, samples/s", json.samplesPerSecond(),
                    seed.samplesPerSecond(), "%.1f", ">= 1.50");
            compare("resnet18 " + config + " binary c=16 / seed 1w x 2t JSON, samples/s", binary.samplesPerSecond(),
                    seed.samplesPerSecond(), "%.1f", "(reported)");
        }
    }

    private RuntimeProcess startKinfer(Workloads workload, Map<String, String> env) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("KINFER_MODEL_SIGNATURE", workload.signature());
        all.put("KINFER_MAX_REQUEST_BYTES", Integer.toString(64 << 20));
        RuntimeProcess process = RuntimeProcess.start(root, workload.model(), workload.name(), all);
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!process.isReady()) {
            if (!process.isAlive() || System.nanoTime() > until) {
                process.close();
                throw new IllegalStateException("kinfer did not become ready:\n" + process.logTail(30));
            }
            Thread.sleep(100); // bounded readiness poll of a child process
        }
        return process;
    }

    private static LoadResult report(String label, LoadResult result) {
        System.out.printf("%-32s %s%n", label, result);
        return result;
    }

    private void compare(String what, double kinfer, double baseline, String format, String target) {
        comparisons.add(new String[] {what, String.format(format, kinfer), String.format(format, baseline),
                String.format("%.2f", kinfer / baseline), target});
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
