package dev.kinfer.e2e.bench;

import dev.kinfer.common.ServerThreads;
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
import org.HdrHistogram.Histogram;

/**
 * The runtime's benchmark: kinfer served over HTTP against the same model called in-process through
 * DJL, and against the seed-style Python server (../shared/peers), in one run, on this machine, with
 * one load generator ({@link LoadGenerator}); prints every measurement and then the comparisons
 * side by side. Needs the runtime jar built and the seed server's Debian packages (see
 * docs/performance.md). Everything listens on 127.0.0.1 and every run is bounded in time.
 *
 * <p>Options (system properties): {@code bench.seconds} (10) per measured run (for ResNet-18: per side and round, in
 * slices), {@code bench.warmup} (3), {@code bench.slice} (5: ResNet-18's four sides of each batch size, in process,
 * binary, JSON and the seed, run in alternating slices of this many seconds, {@link Interleaved}), {@code
 * bench.rounds} (2: every measurement is repeated; each comparison prints the best round of each side and the
 * median over rounds of the two sides' ratio in the same round), {@code
 * bench.steadyWarmup} (420: at most this many seconds of untimed load on each kinfer server before the first
 * round, in passes of 10 s per encoding that stop once the JIT used at most {@code bench.steadyJit} (0.01) of the
 * server's CPU in each of the last {@code bench.steadyPasses} (3) passes: at 20–40 requests/s HotSpot compiles the
 * request path for minutes), {@code bench.only}
 * ({@code mlp}, {@code resnet} or both), {@code bench.openRate} (5000 req/s for the mlp open-loop runs), {@code
 * bench.shared} (../shared beside the project).
 */
public final class RuntimeBenchmark {
    private final Path root = Path.of(System.getProperty("kinfer.root", ".")).toAbsolutePath().normalize();
    private final Path shared = Path.of(System.getProperty("bench.shared", root.resolve("../shared").toString())).normalize();
    private final Duration measure = Duration.ofSeconds(Long.getLong("bench.seconds", 10));
    private final Duration warmUp = Duration.ofSeconds(Long.getLong("bench.warmup", 3));
    private final double openRate = Double.parseDouble(System.getProperty("bench.openRate", "5000"));
    private final String only = System.getProperty("bench.only", "all");
    private final int rounds = Integer.getInteger("bench.rounds", 2);
    private static final int STEADY_CHUNK_SECONDS = 10;
    private final Duration steadyWarmUp = Duration.ofSeconds(Long.getLong("bench.steadyWarmup", 420));
    private final double steadyJit = Double.parseDouble(System.getProperty("bench.steadyJit", "0.01"));
    private final int steadyPasses = Integer.getInteger("bench.steadyPasses", 3);
    private final Duration slice = Duration.ofSeconds(Long.getLong("bench.slice", 5));
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
        System.out.printf("%-62s %10s %10s %10s %13s %s%n", "comparison (samples/s, best round of each side)", "kinfer",
                "baseline", "best/best", "median ratio", "target");
        for (String[] row : comparisons) {
            System.out.printf("%-62s %10s %10s %10s %13s %s%n", (Object[]) row);
        }
    }

    private void mlp(LoadGenerator load) throws Exception {
        Workloads mlp = Workloads.load(shared.resolve("models"), "mlp");
        System.out.printf("%n== mlp %s, single-sample V2 JSON; %d rounds, servers up side by side ==%n",
                Workloads.describe(mlp.shape()), rounds);
        Best inProcess = new Best();
        Best kinferMany = new Best();
        Best kinferOne = new Best();
        Best[] seedMany = {new Best(), new Best()};
        Best[] seedOne = {new Best(), new Best()};
        try (RuntimeProcess kinfer = startKinfer(mlp, Map.of("KINFER_WORKERS", "2", "KINFER_MAX_BATCH_SIZE", "32",
                "KINFER_MAX_BATCH_DELAY_MS", "0", "KINFER_QUEUE_CAPACITY", "4096"));
             SeedServer seed21 = SeedServer.start(shared.resolve("peers"), mlp.model(), "mlp", 18080, 2, 1);
             SeedServer seed12 = SeedServer.start(shared.resolve("peers"), mlp.model(), "mlp", 18081, 1, 2)) {
            SeedServer[] seeds = {seed21, seed12};
            Target target = mlp.json(kinfer.inferUri());
            steadyState(load, kinfer, List.of(target));
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("-- round %d, load average %s%n", round, loadAverage());
                InProcess.Result call = InProcess.measure(mlp.model(), mlp.shape(), mlp.sample(), 1, 1,
                        warmUp.toSeconds(), measure.toSeconds());
                System.out.printf("%-32s in-process DJL 1 thread x batch 1: %.0f calls/s, p50 %.3f ms, p99 %.3f ms%n",
                        "in-process", call.samplesPerSecond(), call.p50Millis(), call.p99Millis());
                inProcess.latency(call.p50Millis());
                // 64 connections first: its hundred thousand requests also finish the JIT's work before c=1 is timed
                kinferMany.keep(report("kinfer 2 workers, batch<=32", load.closedLoop(target, 64, warmUp, measure)));
                for (int s = 0; s < seeds.length; s++) {
                    seedMany[s].keep(report(seeds[s].label, load.closedLoop(seedTarget(mlp, seeds[s]), 64, warmUp, measure)));
                }
                kinferOne.keep(report("kinfer 2 workers, batch<=32", load.closedLoop(target, 1, warmUp, measure)));
                for (int s = 0; s < seeds.length; s++) {
                    seedOne[s].keep(report(seeds[s].label, load.closedLoop(seedTarget(mlp, seeds[s]), 1, warmUp, measure)));
                }
                report("kinfer 2 workers, batch<=32", load.openLoop(target, openRate, 64, warmUp, measure));
                for (SeedServer seed : seeds) {
                    report(seed.label, load.openLoop(seedTarget(mlp, seed), openRate, 64, warmUp, measure));
                }
            }
            int best = seedMany[0].throughput >= seedMany[1].throughput ? 0 : 1;
            compare("mlp req/s, c=64, vs seed " + seeds[best].label.substring(5), kinferMany, seedMany[best], "%.0f",
                    ">= 2.00");
            comparisons.add(new String[] {"mlp p50 ms, c=1, best round, minus in-process p50",
                    String.format("%.3f", kinferOne.p50), String.format("%.3f", inProcess.p50),
                    String.format("+%.3f", kinferOne.p50 - inProcess.p50), "", "<= +0.300 ms"});
            comparisons.add(new String[] {"mlp p50 ms, c=1, best round, vs seed " + seeds[best].label.substring(5),
                    String.format("%.3f", kinferOne.p50), String.format("%.3f", seedOne[best].p50), "", "", "(reported)"});
        }
    }

    private static Target seedTarget(Workloads workload, SeedServer seed) {
        return workload.json(URI.create("http://127.0.0.1:" + seed.port + "/v2/models/" + workload.name() + "/infer"));
    }

    private void resnet(LoadGenerator load) throws Exception {
        Workloads resnet = Workloads.load(shared.resolve("models"), "resnet18");
        System.out.printf("%n== resnet18 %s at 16 connections; kinfer 2 workers x max batch 1 (delay 10 ms) and 4"
                + " (delay 50 ms),"
                + " DJL in process 2 threads x the same batch, seed 1 worker x 2 threads; %d rounds ==%n",
                Workloads.describe(resnet.shape()), rounds);
        int[] batches = {1, 4};
        Best[] seedJson = {new Best(), new Best()};
        Best[] inProcess = {new Best(), new Best()};
        Best[] binary = {new Best(), new Best()};
        Best[] json = {new Best(), new Best()};
        try (SeedServer seed = SeedServer.start(shared.resolve("peers"), resnet.model(), "resnet18", 18080, 1, 2);
             RuntimeProcess kinfer1 = startKinfer(resnet, Map.of("KINFER_WORKERS", "2", "KINFER_MAX_BATCH_SIZE", "1",
                     "KINFER_MAX_BATCH_DELAY_MS", "10"));
             // 50 ms, so that batch 4 is batch 4: the 16 connections' requests come back a batch at a time, and with
             // 10 ms (runs before 22) a run formed 1.68 samples a call while the next formed 3.74 (bench run 21)
             RuntimeProcess kinfer4 = startKinfer(resnet, Map.of("KINFER_WORKERS", "2", "KINFER_MAX_BATCH_SIZE", "4",
                     "KINFER_MAX_BATCH_DELAY_MS", "50"));
             InProcess.Session inProcess1 = InProcess.Session.open(resnet.model(), resnet.shape(), resnet.sample(), 2,
                     1, warmUp.toSeconds());
             InProcess.Session inProcess4 = InProcess.Session.open(resnet.model(), resnet.shape(), resnet.sample(), 2,
                     4, warmUp.toSeconds())) {
            RuntimeProcess[] kinfers = {kinfer1, kinfer4};
            InProcess.Session[] sessions = {inProcess1, inProcess4};
            for (RuntimeProcess kinfer : kinfers) {
                steadyState(load, kinfer, List.of(resnet.binary(kinfer.inferUri()), resnet.json(kinfer.inferUri())));
            }
            System.out.printf("seed warm-up: %s%n", load.closedLoop(seedTarget(resnet, seed), 16, warmUp,
                    Duration.ofSeconds(1)));
            int slices = (int) Math.max(1, Math.round((double) measure.toMillis() / slice.toMillis()));
            for (int round = 1; round <= rounds; round++) {
                System.out.printf("-- round %d, load average %s%n", round, loadAverage());
                for (int b = 0; b < batches.length; b++) {
                    // The four sides of batch b in alternating slices, so that the machine's speed, which wanders by
                    // several per cent within a minute (Interleaved), is the same for each of them.
                    String label = "kinfer 2w x b" + batches[b];
                    URI uri = kinfers[b].inferUri();
                    InProcessSide calls = new InProcessSide(sessions[b]);
                    ServedSide binaryRuns = new ServedSide(load, kinfers[b], resnet.binary(uri));
                    ServedSide jsonRuns = new ServedSide(load, kinfers[b], resnet.json(uri));
                    ServedSide seedRuns = new ServedSide(load, null, seedTarget(resnet, seed));
                    double[] rates = Interleaved.samplesPerSecond(List.of(calls, binaryRuns, jsonRuns, seedRuns),
                            slices, slice);
                    System.out.printf("%-32s %.1f samples/s, p50 %.1f ms per call (%d slices of %d s)%n",
                            "in-process 2 threads x batch " + batches[b], rates[0], calls.p50Millis(), slices,
                            slice.toSeconds());
                    inProcess[b].samples(rates[0]);
                    binary[b].samples(binaryRuns.report(label + " binary", rates[1]));
                    json[b].samples(jsonRuns.report(label + " V2 JSON", rates[2]));
                    seedJson[b].samples(seedRuns.report(seed.label + " V2 JSON", rates[3]));
                }
            }
        }
        for (int b = 0; b < batches.length; b++) {
            String config = "2w x b" + batches[b];
            compare("resnet18 " + config + " binary / in-process, samples/s", binary[b], inProcess[b], "%.1f", ">= 0.95");
            compare("resnet18 " + config + " JSON / in-process, samples/s", json[b], inProcess[b], "%.1f", "(reported)");
            compare("resnet18 " + config + " JSON / seed JSON, samples/s", json[b], seedJson[b],
                    "%.1f", ">= 1.50");
            compare("resnet18 " + config + " binary / seed JSON, samples/s", binary[b], seedJson[b],
                    "%.1f", "(reported)");
        }
    }

    /**
     * Brings a server to steady state before anything is timed: {@value #STEADY_CHUNK_SECONDS} s of each encoding at
     * 16 connections, each followed by a scrape of its metrics as in the slices, again and again, until the JIT used at
     * most {@code bench.steadyJit} (1 %) of the server's CPU in each of the last {@code bench.steadyPasses} (3) passes,
     * or {@code bench.steadyWarmup} (420) seconds have passed. A served request runs much more Java than an in-process
     * call (HTTP, parsing, copies), each of its methods once a request, and at 20–40 requests/s HotSpot's default
     * thresholds had the JIT compiling them for 5–10 minutes; the runtime now starts with {@link
     * RuntimeProcess#JIT_OPTION}, and a server runs for hours. One quiet pass was not enough: methods run once a batch
     * (6 a second at batch 4) reached C2 after 90–105 s of continuous load, later in passes, between quiet ones.
     */
    private void steadyState(LoadGenerator load, RuntimeProcess kinfer, List<Target> encodings) throws Exception {
        long until = System.nanoTime() + steadyWarmUp.toNanos();
        int quiet = 0;
        for (int pass = 1; ; pass++) {
            var before = ServerThreads.linux().ticks(kinfer.pid());
            long answers = 0;
            for (Target encoding : encodings) {
                answers += load.closedLoop(encoding, 16, Duration.ZERO, Duration.ofSeconds(STEADY_CHUNK_SECONDS)).ok();
                PlannerValidation.scrape(kinfer); // as the slices will, and Prometheus does: its path compiles too
            }
            var after = ServerThreads.linux().ticks(kinfer.pid());
            boolean timeUp = System.nanoTime() >= until;
            if (before.isEmpty() || after.isEmpty()) {
                System.out.printf("steady-state warm-up of %s, pass %d: %d answers (no per-thread CPU here)%n",
                        kinfer.inferUri(), pass, answers);
            } else {
                ServerThreads.Ticks used = after.get().since(before.get());
                double share = used.process() == 0 ? 0 : (double) used.compiler() / used.process();
                System.out.printf(java.util.Locale.ROOT, "steady-state warm-up of %s, pass %d: %d answers, JIT %.2f %%"
                                + " of the server's CPU (%.2f CPU-ms an answer)%n", kinfer.inferUri(), pass, answers,
                        share * 100, answers == 0 ? 0 : 10.0 * used.compiler() / answers);
                quiet = share <= steadyJit ? quiet + 1 : 0;
                if (quiet >= steadyPasses) {
                    return;
                }
            }
            if (timeUp) {
                return;
            }
        }
    }

    /**
     * One measurement's rounds: their samples/s in order, and the best of them (highest samples/s, lowest p50).
     * Best-of-N on both sides damps other load on the machine; the median of the rounds' ratios pairs each kinfer run
     * with the baseline run next to it, which a baseline's one fast round cannot move (the in-process ResNet-18 calls
     * moved 5 % between rounds of one run: 45.9 to 48.4 samples/s at batch 4).
     */
    private static final class Best {
        final List<Double> rounds = new ArrayList<>();
        double throughput;
        double p50 = Double.MAX_VALUE;

        LoadResult keep(LoadResult result) {
            samples(result.samplesPerSecond());
            p50 = Math.min(p50, result.percentileMillis(50));
            return result;
        }

        void samples(double samplesPerSecond) {
            rounds.add(samplesPerSecond);
            throughput = Math.max(throughput, samplesPerSecond);
        }

        void latency(double p50Millis) {
            p50 = Math.min(p50, p50Millis);
        }

        /** The median over rounds of this round's samples/s over the baseline's in the same round. */
        double medianRatio(Best baseline) {
            int n = Math.min(rounds.size(), baseline.rounds.size());
            double[] ratios = new double[n];
            for (int i = 0; i < n; i++) {
                ratios[i] = rounds.get(i) / baseline.rounds.get(i);
            }
            java.util.Arrays.sort(ratios);
            return n == 0 ? Double.NaN : n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        }
    }

    private RuntimeProcess startKinfer(Workloads workload, Map<String, String> env) throws Exception {
        return startKinfer(root, workload, env);
    }

    /** The runtime jar serving a workload, ready; shared by the benchmarks of this package. */
    static RuntimeProcess startKinfer(Path root, Workloads workload, Map<String, String> env) throws Exception {
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

    /** The in-process side of an interleaved comparison: the session's calls, slice after slice. */
    private static final class InProcessSide implements Interleaved.Side {
        private final InProcess.Session session;
        private final List<Double> p50s = new ArrayList<>();

        InProcessSide(InProcess.Session session) {
            this.session = session;
        }

        @Override
        public Interleaved.Measured run(Duration length) throws InterruptedException {
            InProcess.Result result = session.run(length.toMillis() / 1000.0);
            p50s.add(result.p50Millis());
            return new Interleaved.Measured(result.samples(), result.seconds());
        }

        /** The median of the slices' call p50s. */
        double p50Millis() {
            return p50s.stream().sorted().skip((p50s.size() - 1) / 2).findFirst().orElse(Double.NaN);
        }
    }

    /**
     * A served side of an interleaved comparison: closed-loop slices at 16 connections against a server, each
     * slice's requests all answered before the next side starts. For a kinfer server ({@code kinfer} not null) it
     * adds up, over its slices, the calls its runtime made ({@link RuntimeCalls}) and where its CPU went ({@link
     * #cpuPerRequest}); another side may use the same server between them, so both are read around each slice.
     */
    private static final class ServedSide implements Interleaved.Side {
        private final LoadGenerator load;
        private final RuntimeProcess kinfer;
        private final Target target;
        private RuntimeCalls calls = RuntimeCalls.NONE;
        private ServerThreads.Ticks ticks = ServerThreads.Ticks.NONE;
        private double generatorSeconds;
        private long ok;
        private long errors;
        private Histogram latencies;
        private boolean unread;

        ServedSide(LoadGenerator load, RuntimeProcess kinfer, Target target) {
            this.load = load;
            this.kinfer = kinfer;
            this.target = target;
        }

        @Override
        public Interleaved.Measured run(Duration length) throws Exception {
            if (kinfer == null) {
                return keep(load.closedLoop(target, 16, Duration.ZERO, length));
            }
            long self = ProcessHandle.current().pid();
            String before = PlannerValidation.scrape(kinfer);
            var threadsBefore = ServerThreads.linux().ticks(kinfer.pid());
            double selfCpu = PlannerValidation.cpuSeconds(self);
            LoadResult result = load.closedLoop(target, 16, Duration.ZERO, length);
            double generator = PlannerValidation.cpuSeconds(self) - selfCpu;
            var threadsAfter = ServerThreads.linux().ticks(kinfer.pid());
            String after = PlannerValidation.scrape(kinfer);
            if (before == null || after == null || threadsBefore.isEmpty() || threadsAfter.isEmpty()
                    || Double.isNaN(generator)) {
                unread = true;
            } else {
                calls = calls.plus(RuntimeCalls.between(before, after));
                ticks = ticks.plus(threadsAfter.get().since(threadsBefore.get()));
                generatorSeconds += generator;
            }
            return keep(result);
        }

        private Interleaved.Measured keep(LoadResult result) {
            ok += result.ok();
            errors += result.errors();
            if (latencies == null) {
                latencies = result.latencyMicros().copy();
            } else {
                latencies.add(result.latencyMicros());
            }
            return new Interleaved.Measured(result.ok() * (double) result.samplesPerRequest(), result.seconds());
        }

        /** Prints the side's slices together and returns {@code samplesPerSecond}. */
        double report(String label, double samplesPerSecond) {
            System.out.printf(java.util.Locale.ROOT, "%-32s closed c=16: %.1f samples/s, p50 %.3f ms, p99 %.3f ms,"
                            + " %d answers, errors %d%n", label, samplesPerSecond,
                    latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0, ok,
                    errors);
            if (kinfer != null) {
                System.out.printf("%-32s %s%n", "", unread ? "(the runtime's metrics or CPU not read)"
                        : calls + "; " + cpuPerRequest(ticks, generatorSeconds, calls.samples()));
            }
            return samplesPerSecond;
        }
    }

    /**
     * Where the CPU of a served side went, per request: the runtime's by its threads (the workers' calls, the JIT, the
     * event loops: HTTP, parsing, writing answers; the collector; the rest) from clock ticks of 1/100 s, and this
     * process's, the load generator's. On 2 cores every CPU-ms beyond the workers' is taken from the calls.
     */
    private static String cpuPerRequest(ServerThreads.Ticks ticks, double generatorSeconds, double requests) {
        return String.format(java.util.Locale.ROOT, "CPU per request: the runtime %.2f ms (workers %.2f, JIT %.2f,"
                        + " event loops %.2f, collector %.2f, other threads %.2f), the load generator %.2f ms",
                10.0 * ticks.process() / requests, 10.0 * ticks.workers() / requests,
                10.0 * ticks.compiler() / requests, 10.0 * ticks.eventLoops() / requests,
                10.0 * ticks.collector() / requests, 10.0 * ticks.rest() / requests, 1000 * generatorSeconds / requests);
    }

    /**
     * The calls a runtime made over some slices (the growth of its batch-size count and sum, its call seconds, its
     * queue-wait seconds and count between scrapes), the samples they carried and how long they took: a served
     * batch-4 run is only comparable with in-process calls of 4 when its batches filled, and a served call longer than
     * the in-process one is time the request handling took from the workers' cores.
     */
    private record RuntimeCalls(double calls, double samples, double callSeconds, double waitSeconds, double waits) {
        static final RuntimeCalls NONE = new RuntimeCalls(0, 0, 0, 0, 0);

        static RuntimeCalls between(String before, String after) {
            return new RuntimeCalls(PlannerValidation.growth(before, after, "kinfer_batch_size_samples_count"),
                    PlannerValidation.growth(before, after, "kinfer_batch_size_samples_sum"),
                    PlannerValidation.growth(before, after, "kinfer_inference_seconds_sum"),
                    PlannerValidation.growth(before, after, "kinfer_queue_wait_seconds_sum"),
                    PlannerValidation.growth(before, after, "kinfer_queue_wait_seconds_count"));
        }

        RuntimeCalls plus(RuntimeCalls other) {
            return new RuntimeCalls(calls + other.calls, samples + other.samples, callSeconds + other.callSeconds,
                    waitSeconds + other.waitSeconds, waits + other.waits);
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "the runtime: %.0f calls, %.2f samples a call, mean call %.1f ms,"
                    + " mean queue wait %.1f ms", calls, samples / calls, 1000 * callSeconds / calls,
                    1000 * waitSeconds / waits);
        }
    }

    private static LoadResult report(String label, LoadResult result) {
        System.out.printf("%-32s %s%n", label, result);
        return result;
    }

    private void compare(String what, Best kinfer, Best baseline, String format, String target) {
        comparisons.add(new String[] {what, String.format(format, kinfer.throughput), String.format(format,
                baseline.throughput), String.format("%.3f", kinfer.throughput / baseline.throughput),
                String.format("%.3f", kinfer.medianRatio(baseline)), target});
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
