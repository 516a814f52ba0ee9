package dev.kinfer.e2e.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.common.ServerThreads;
import dev.kinfer.e2e.load.LoadGenerator;
import dev.kinfer.e2e.load.LoadResult;
import dev.kinfer.e2e.load.PoissonLoad;
import dev.kinfer.e2e.load.Target;
import dev.kinfer.e2e.runtime.RuntimeProcess;
import dev.kinfer.operator.desired.PlannedSizing;
import dev.kinfer.operator.planner.Bounds;
import dev.kinfer.operator.planner.CapacityPlanner;
import dev.kinfer.operator.planner.Hardware;
import dev.kinfer.operator.planner.ModelProfile;
import dev.kinfer.operator.planner.Pins;
import dev.kinfer.operator.planner.Plan;
import dev.kinfer.operator.planner.ProfilePoint;
import dev.kinfer.operator.planner.RequestCost;
import dev.kinfer.operator.planner.Sla;
import dev.kinfer.operator.planner.SpeedDrift;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Validation of the capacity planner against the real runtime (docs/planner.md, "Validation against the real
 * runtime"). For each model: measure a profile with the runtime's {@code profile} command, take the most the profile
 * carries on this machine's 2 cores as the capacity, plan one pod for 30 %, 60 % and 85 % of it under a p99 target,
 * run the runtime jar with the planned workers, batch size, delay and queue capacity, drive it with open-loop Poisson
 * arrivals at that rate ({@link PoissonLoad}) and print predicted against measured p99 and throughput.
 *
 * <p>A benchmark, not a test: it needs the runtime jar built, the models in ../shared/models, and it takes minutes. It
 * lives in the test sources because the planner (kinfer-operator) is a test-scope dependency of this module. Run it
 * with {@code mvn -B -ntp -Pvalidate -pl common,crds,operator,model-runtime,e2e verify -DskipTests} (see e2e/pom.xml).
 *
 * <p>Options (system properties): {@code validate.only} (mlp, resnet18 or all), {@code validate.fractions}
 * (0.30,0.60,0.85), {@code validate.p99Factor} (5: the p99 target as a multiple of the capacity point's call p99),
 * {@code validate.mlp.seconds}/{@code validate.resnet18.seconds} (measured seconds per run: 20/40, or 60 relaxation
 * times of the planned queue where that is longer, {@link StationaryWindow}, up to {@code validate.maxSeconds}, 600),
 * {@code validate.mlp.warmup}/{@code validate.resnet18.warmup} (75/8: unrecorded seconds at the rate, in one stream
 * with the window, or 5 relaxation times where that is longer; mlp's first 20 s window after 30 s at the rate had a
 * p99 2-3x its later ones, after 75 s it had not),
 * {@code validate.mlp.burst}/{@code validate.resnet18.burst} (15/30: seconds of closed-loop load at
 * {@code validate.connections} before that warm-up, so that the JIT has compiled the request path: with 5 s at the
 * rate alone mlp's p99s were 2.7-3.7x a warm server's; ResNet-18's 40 requests/s leave the JIT compiling for a
 * minute, docs/performance.md run 13), {@code validate.resnet18.binary} (false: V2 JSON, the
 * encoding of the profile's request cost), {@code validate.mlp.budget}/
 * {@code validate.resnet18.budget} (profile budget seconds: 200/200; mlp's request cost takes 86 of them, the speed
 * drift 22/62), {@code validate.mlp.profileArgs}/{@code validate.resnet18.profileArgs} (further profile options:
 * "--warmup-seconds 3 --seconds-per-point 2 --request-seconds 4 --request-warmup-seconds 60 --drift-seconds 20" /
 * "--warmup-seconds 5 --seconds-per-point 3 --drift-seconds 60", longer than the defaults so one descheduled moment
 * spoils less of a point, for mlp a request cost measured on a server warmed for 4 s, its tail after a minute of
 * Poisson arrivals, as the rows are measured after 75 s at their rate, and a speed drift over windows up to an eighth
 * of the drift seconds: ResNet-18's 85 % row forgets in about 10-20 s), {@code validate.connections} (64: the burst's
 * connections and the fewest the Poisson load uses; it uses enough for 100 ms of arrivals at the rate, because a
 * connection carries one request at a time and the client, not the server, would otherwise cap the rate: mlp at
 * 16,800/s on 64 connections fell behind with the runtime using 0.6 of its 2 cores),
 * {@code validate.repeats} (1: further measured windows after the first, in the same server, to show how much a p99
 * moves between windows at the same rate),
 * {@code validate.mlp.profile}/{@code validate.resnet18.profile} (empty: a profile JSON from an earlier run, path from
 * the project root, used instead of profiling, so that two runs plan alike and differ only by when they ran),
 * {@code validate.memoryMiB} (4096, the pod's memory limit given to the planner), {@code validate.shared},
 * {@code validate.runtimeJavaOptions} (empty: JVM options for the profile command and every runtime it starts, passed
 * as JAVA_TOOL_OPTIONS, e.g. a collector to compare with the JVM's default).
 */
public final class PlannerValidation {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CORES = 2;
    /** Fewest requests the load generator's CPU per request is measured over. */
    private static final int GENERATOR_REQUESTS = 300;

    private final Path root = Path.of(System.getProperty("kinfer.root", ".")).toAbsolutePath().normalize();
    private final Path shared = Path.of(System.getProperty("validate.shared", root.resolve("../shared").toString()))
            .normalize();
    private final Path out = root.resolve("e2e/target/planner-validation");
    private final String only = System.getProperty("validate.only", "all");
    private final double p99Factor = Double.parseDouble(System.getProperty("validate.p99Factor", "5"));
    private final int connections = Integer.getInteger("validate.connections", 64);
    /** The longest window a row's relaxation time may ask for ({@link StationaryWindow}), seconds. */
    private final int maxSeconds = Integer.getInteger("validate.maxSeconds", 600);
    /**
     * Unrecorded seconds at the rate before each further window, at least: the previous window's requests have all
     * been answered by then, and the queue starts again from empty.
     */
    private static final int REPEAT_LEAD_IN_SECONDS = 5;
    /** Measured windows per row in the same warm server; the table shows the first, the notes all of them. */
    private final int repeats = Integer.getInteger("validate.repeats", 1);
    private final String runtimeJavaOptions = System.getProperty("validate.runtimeJavaOptions", "").trim();
    private final double memoryMiB = Double.parseDouble(System.getProperty("validate.memoryMiB", "4096"));
    private final double[] fractions = parseFractions(System.getProperty("validate.fractions", "0.30,0.60,0.85"));
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        new PlannerValidation().run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        System.out.printf(Locale.ROOT, "kinfer planner validation, %s; cores=%d; load average at start %s%n",
                Instant.now(), Runtime.getRuntime().availableProcessors(), loadAverage());
        if (!runtimeJavaOptions.isEmpty()) {
            System.out.println("runtime JVM options (JAVA_TOOL_OPTIONS of the profile command and every runtime): "
                    + runtimeJavaOptions);
        }
        if (!only.equals("resnet18")) {
            model("mlp", false, Integer.getInteger("validate.mlp.seconds", 20), Integer.getInteger("validate.mlp.warmup", 75),
                    Integer.getInteger("validate.mlp.burst", 15),
                    Integer.getInteger("validate.mlp.budget", 200),
                    System.getProperty("validate.mlp.profileArgs", "--warmup-seconds 3 --seconds-per-point 2"
                            + " --request-seconds 4 --request-warmup-seconds 60 --drift-seconds 20"));
        }
        if (!only.equals("mlp")) {
            // V2 JSON by default: the encoding the profile's request cost is measured with (the planner cannot know
            // the clients'); -Dvalidate.resnet18.binary=true sends the binary tensor extension instead.
            model("resnet18", Boolean.getBoolean("validate.resnet18.binary"), Integer.getInteger("validate.resnet18.seconds", 40),
                    Integer.getInteger("validate.resnet18.warmup", 8), Integer.getInteger("validate.resnet18.burst", 30),
                    Integer.getInteger("validate.resnet18.budget", 200),
                    System.getProperty("validate.resnet18.profileArgs",
                            "--warmup-seconds 5 --seconds-per-point 3 --drift-seconds 60"));
        }
        System.out.printf(Locale.ROOT, "%nload average at end %s%n%n", loadAverage());
        String[] head = {"model", "rate (% of capacity)", "plan", "predicted p99 ms", "measured p99 ms", "ratio",
            "p99 from due time ms", "predicted/required throughput /s", "measured throughput /s", "errors", "verdict"};
        StringBuilder table = new StringBuilder();
        table.append("| ").append(String.join(" | ", head)).append(" |\n|");
        table.append(" --- |".repeat(head.length)).append('\n');
        for (String[] row : rows) {
            table.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        System.out.print(table);
        System.out.println();
        notes.forEach(System.out::println);
        Files.writeString(out.resolve("table.md"), table + "\n" + String.join("\n", notes) + "\n");
    }

    private void model(String name, boolean binary, int seconds, int warmup, int burst, int budget, String profileArgs)
            throws Exception {
        Workloads workload = Workloads.load(shared.resolve("models"), name);
        System.out.printf(Locale.ROOT, "%n== %s %s ==%n", name, Workloads.describe(workload.shape()));

        // 1. profile, as the profiling Job does
        Path profileFile = out.resolve(name + ".profile.json");
        String reused = System.getProperty("validate." + name + ".profile", "").trim();
        String profileJson;
        if (reused.isEmpty()) {
            long t0 = System.nanoTime();
            List<String> command = profile(workload, profileFile, budget, profileArgs);
            profileJson = Files.readString(profileFile).trim();
            System.out.printf(Locale.ROOT, "profile: %s%n(%.1f s wall, load average after %s):%n%s%n",
                    String.join(" ", command).replace(workload.signature(), "'" + workload.signature() + "'"),
                    (System.nanoTime() - t0) / 1e9, loadAverage(), profileJson);
        } else {
            // An earlier run's profile: the same plans again, so that two runs differ only by when they ran.
            Path source = root.resolve(reused).toAbsolutePath().normalize();
            profileJson = Files.readString(source).trim();
            if (!source.equals(profileFile.toAbsolutePath().normalize())) {
                Files.writeString(profileFile, profileJson + "\n");
            }
            System.out.printf(Locale.ROOT, "profile: reused from %s (validate.%s.profile), not measured:%n%s%n",
                    reused, name, profileJson);
            notes.add(name + " profile reused from " + reused + ": " + profileJson);
        }
        ModelProfile profile = modelProfile(JSON.readTree(profileJson));

        // 2. what HTTP adds per request: one connection, batch 1, no delay, against the profile's 1 x 1 call; and what
        // the load generator costs per request on the same cores
        double clientCpuMillis = httpOverhead(workload, binary, profile, name);
        // The rig's load generator runs on the pod's 2 cores: its CPU per request is request CPU there too.
        RequestCost measured = profile.requestCost();
        profile = profile.withRequestCost(measured.plusCpuPerRequest(clientCpuMillis));

        // A point's served capacity: its calls' throughput less the cores the requests take, in full batches.
        RequestCost cost = profile.requestCost();
        java.util.function.ToDoubleFunction<ProfilePoint> served =
                p -> cost.servedRate(p.throughputPerSecond(), p.batch(), RequestCost.stallingCores(p.workers(), CORES));
        ProfilePoint capacityPoint = profile.points().stream().filter(p -> p.workers() <= CORES)
                .max((a, b) -> Double.compare(served.applyAsDouble(a), served.applyAsDouble(b))).orElseThrow();
        double capacity = served.applyAsDouble(capacityPoint);
        double target = p99Factor * capacityPoint.p99Millis() + profile.requestCost().overheadP99Millis();
        System.out.printf(Locale.ROOT, "capacity %.1f samples/s at %d workers x batch %d (calls alone %.1f/s, call p50 %.3f ms,"
                        + " p99 %.3f ms; request overhead p50 %.3f ms, p99 %.3f ms, CPU %.3f ms: the profile's %.3f + the"
                        + " load generator's %.3f, of which %.3f per batch); p99 target %.3f ms = %.0f x that call p99 +"
                        + " the overhead p99%n",
                capacity, capacityPoint.workers(), capacityPoint.batch(),
                capacityPoint.throughputPerSecond(), capacityPoint.p50Millis(), capacityPoint.p99Millis(),
                profile.requestCost().overheadMillis(), profile.requestCost().overheadP99Millis(),
                profile.requestCost().cpuMillis(), measured.cpuMillis(), clientCpuMillis, measured.batchCpuMillis(), target,
                p99Factor);

        // 3. plan and run each rate
        Hardware hardware = Hardware.cpuOnly(CORES, memoryMiB, 0.1);
        for (double fraction : fractions) {
            double rate = fraction * capacity;
            Sla sla = Sla.of(target, rate);
            Plan plan = new CapacityPlanner().plan(profile, hardware, sla, Pins.NONE, new Bounds(1, 1));
            int queue = PlannedSizing.of(plan, null, sla).queueCapacity();
            double meanBatch = CapacityPlanner.meanBatch(plan.maxBatchSize(), plan.maxBatchDelayMillis(), rate);
            String planText = String.format(Locale.ROOT, "%dw x b%d, %d ms, q%d%s", plan.workersPerPod(),
                    plan.maxBatchSize(), plan.maxBatchDelayMillis(), queue, plan.feasible() ? "" : " (infeasible)");
            String loadBefore = loadAverage();
            // Long enough for the measured p99 to be the steady state's, which the planner predicts (StationaryWindow)
            boolean steady = plan.utilisation() > 0 && plan.utilisation() < 1;
            StationaryWindow stationary = steady ? StationaryWindow.of(plan.utilisation(), meanBatch, rate) : null;
            int rowSeconds = steady ? stationary.windowSeconds(seconds, maxSeconds) : seconds;
            int rowWarmup = steady ? stationary.warmupSeconds(warmup) : warmup;
            int leadIn = steady ? stationary.warmupSeconds(REPEAT_LEAD_IN_SECONDS) : REPEAT_LEAD_IN_SECONDS;
            // the planned call by Little's law: utilisation = rate / mean batch x call / workers
            double plannedCallMillis = 1000 * plan.utilisation() * plan.workersPerPod() * meanBatch / rate;
            // informational: a CPU pod waits as M/M/c (docs/planner.md, "Queueing: the calls' drift")
            String drift = steady && profile.speedDrift().measured() ? String.format(Locale.ROOT, "; the profile's"
                    + " speed drift would add %.3f to the calls' cs^2", profile.speedDrift().extraScv(plan.workersPerPod(),
                    plannedCallMillis, SpeedDrift.timeScaleMillis(plan.utilisation(), plannedCallMillis,
                    plan.workersPerPod()))) : "";
            System.out.printf(Locale.ROOT, "%n-- %s at %.0f %% of capacity = %.2f/s: plan %s, utilisation %.2f, "
                            + "predicted p99 %.3f ms; load average %s%n   %s%n   the queue's relaxation time %s%s: warm-up"
                            + " %d s at the rate, then %d s measured%n", name, 100 * fraction, rate, planText,
                    plan.utilisation(), plan.predictedP99Millis(), loadBefore, plan.reason(),
                    steady ? String.format(Locale.ROOT, "%.2f s", stationary.relaxationSeconds()) : "unknown", drift,
                    rowWarmup, rowSeconds);

            Map<String, String> env = new HashMap<>();
            env.put("KINFER_WORKERS", Integer.toString(plan.workersPerPod()));
            env.put("KINFER_MAX_BATCH_SIZE", Integer.toString(plan.maxBatchSize()));
            env.put("KINFER_MAX_BATCH_DELAY_MS", Integer.toString(plan.maxBatchDelayMillis()));
            env.put("KINFER_QUEUE_CAPACITY", Integer.toString(queue));
            PoissonLoad.Result result;
            double runtimeCores;
            double generatorCores;
            String batches;
            String threadSplit;
            String window1;
            try (RuntimeProcess kinfer = start(workload, env)) {
                Target requests = binary ? workload.binary(kinfer.inferUri()) : workload.json(kinfer.inferUri());
                if (burst > 0) {
                    // Steady state, as a server in service has it: compile the request path with a closed-loop burst
                    // (mlp: about a million requests) before the warm-up at the rate.
                    try (LoadGenerator generator = new LoadGenerator()) {
                        generator.closedLoop(requests, connections, Duration.ZERO, Duration.ofSeconds(burst));
                    }
                }
                var threads0 = ServerThreads.linux().ticks(kinfer.pid());
                double runtimeCpu0 = cpuSeconds(kinfer.pid());
                double selfCpu0 = cpuSeconds(ProcessHandle.current().pid());
                long wall0 = System.nanoTime();
                int poissonConnections = poissonConnections(rate / requests.samples(), plan.predictedP99Millis());
                String[] windowStart = new String[1];
                result = PoissonLoad.run(requests, rate / requests.samples(), poissonConnections,
                        Duration.ofSeconds(rowWarmup), Duration.ofSeconds(rowSeconds), 20261126L + Math.round(1000 * fraction),
                        () -> windowStart[0] = scrape(kinfer));
                double wall = (System.nanoTime() - wall0) / 1e9;
                double runtimeCpuSeconds = cpuSeconds(kinfer.pid()) - runtimeCpu0;
                runtimeCores = runtimeCpuSeconds / wall;
                // the warm-up at the rate and the window: arrivals at the rate for the whole wall time
                threadSplit = threadSplit(runtimeCpuSeconds, ServerThreads.between(threads0,
                        ServerThreads.linux().ticks(kinfer.pid())), rate / requests.samples() * wall,
                        measured.cpuMillisAt(meanBatch));
                generatorCores = (cpuSeconds(ProcessHandle.current().pid()) - selfCpu0) / wall;
                String windowEnd = scrape(kinfer);
                batches = batchesSeen(windowEnd);
                window1 = servedWindow(windowStart[0], windowEnd, result, plan.workersPerPod(), plan.utilisation());
                System.out.println("   window 1: " + window1);
                List<String> windows = new ArrayList<>();
                windows.add(String.format(Locale.ROOT, "%.2f", podP99(result)));
                for (int r = 1; r < repeats; r++) {
                    String before = scrape(kinfer);
                    PoissonLoad.Result again = PoissonLoad.run(requests, rate / requests.samples(), poissonConnections,
                            Duration.ofSeconds(leadIn), Duration.ofSeconds(rowSeconds),
                            20261126L + Math.round(1000 * fraction) + r);
                    windows.add(String.format(Locale.ROOT, "%.2f", podP99(again)));
                    String line = String.format(Locale.ROOT, "window %d: p99 %.2f ms (from due time %.2f); %s", r + 1,
                            podP99(again), again.load().percentileMillis(99), servedWindow(before, scrape(kinfer), again,
                            plan.workersPerPod(), plan.utilisation()));
                    System.out.println("   " + line);
                    notes.add(String.format(Locale.ROOT, "%s %.0f %% %s", name, 100 * fraction, line));
                }
                if (repeats > 1) {
                    String line = String.format(Locale.ROOT, "%s %.0f %%: p99 of %d consecutive %d s windows in one"
                            + " server: %s ms (predicted %.2f)", name, 100 * fraction, repeats, rowSeconds,
                            String.join(", ", windows), plan.predictedP99Millis());
                    System.out.println("   " + line);
                    notes.add(line);
                }
            }
            LoadResult load = result.load();
            double measuredP99 = podP99(result);
            boolean bounded = Double.isFinite(plan.predictedP99Millis());
            double ratio = measuredP99 / plan.predictedP99Millis();
            boolean p99Ok = bounded && Math.abs(ratio - 1) <= 0.20;
            // met: every offered request answered, none failed, and what was answered within the window is at least
            // 95 % of what the (realised) Poisson arrivals offered in it (the requests still in flight at its end are
            // about rate x mean latency, a few per cent at most when the server keeps up)
            boolean throughputOk = load.errors() == 0 && load.ok() == result.offered()
                    && result.carriedSamplesPerSecond() >= 0.95 * result.offeredSamplesPerSecond();
            String verdict = p99Ok && throughputOk ? "pass"
                    : "MISS (" + (p99Ok ? "" : bounded ? String.format(Locale.ROOT, "p99 %+.0f %%", 100 * (ratio - 1))
                            : "no p99 predicted")
                            + (p99Ok || throughputOk ? "" : ", ") + (throughputOk ? "" : "throughput") + ")";
            String[] ci = p99Interval(podLatencies(result));
            System.out.printf(Locale.ROOT, "   measured: %s; p99 %s %.3f ms; %d offered (%.2f/s realised), %d answered in the"
                            + " window (%.2f/s), p99 95 %% interval [%s, %s] ms;"
                            + " CPU: runtime %.2f cores, load generator %.2f cores; runtime: %s; load average after %s%n", load,
                    basis(result), measuredP99, result.offered(), result.offeredSamplesPerSecond(), result.answeredInWindow(),
                    result.carriedSamplesPerSecond(), ci[0], ci[1], runtimeCores, generatorCores, batches,
                    loadAverage());
            rows.add(new String[] {name, String.format(Locale.ROOT, "%.2f/s (%.0f %%)", rate, 100 * fraction), planText,
                bounded ? String.format(Locale.ROOT, "%.2f", plan.predictedP99Millis()) : "unbounded",
                String.format(Locale.ROOT, "%.2f%s", measuredP99, result.neverShortOfConnections() ? "" : " (from due time)"),
                bounded ? String.format(Locale.ROOT, "%.2f", ratio) : "n/a",
                String.format(Locale.ROOT, "%.2f", load.percentileMillis(99)),
                String.format(Locale.ROOT, "%.1f / %.1f", plan.predictedThroughputPerSecond(), rate),
                String.format(Locale.ROOT, "%.1f (offered %.1f)", result.carriedSamplesPerSecond(),
                        result.offeredSamplesPerSecond()),
                Long.toString(load.errors()), verdict});
            notes.add(String.format(Locale.ROOT, "%s %.0f %%: %d answers over %.1f s, measured p50 %.3f ms, p99 95 %% "
                            + "interval [%s, %s] ms, predicted utilisation %.2f, mean batch %.2f; runtime (warm-up included): %s;"
                            + " CPU runtime %.2f / generator %.2f cores; %s; window 1: %s; load average before %s", name,
                    100 * fraction, load.ok(), load.seconds(), podLatencies(result).getValueAtPercentile(50) / 1000.0,
                    ci[0], ci[1], plan.utilisation(),
                    meanBatch, batches, runtimeCores,
                    generatorCores, threadSplit, window1, loadBefore));
        }
    }

    /**
     * The latencies the pod gave a window's requests: from the moment each was sent, when no request ever waited for a
     * connection — then a request's start lag (due time to sending) is the load generator's own delay on the cores it
     * shares with the runtime here, and no pod has its client on its cores — else from its due time, which counts
     * the server's backlog a waiting client would otherwise hide (coordinated omission). The row prints both.
     */
    private static Histogram podLatencies(PoissonLoad.Result result) {
        return result.neverShortOfConnections() ? result.fromSendMicros() : result.load().latencyMicros();
    }

    private static double podP99(PoissonLoad.Result result) {
        Histogram h = podLatencies(result);
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99) / 1000.0;
    }

    private static String basis(PoissonLoad.Result result) {
        return result.neverShortOfConnections()
                ? String.format(Locale.ROOT, "from send (at most %d of %d connections busy)", result.peakBusyConnections(),
                        result.load().connections())
                : "from due time (all " + result.load().connections() + " connections were busy at once)";
    }

    /**
     * Connections for Poisson arrivals at this many requests per second: as many as arrive in 100 ms, at least {@link
     * #connections}. By Little's law a connection that carries one request at a time caps the rate at connections /
     * latency, so the client needs room for the latencies it is there to measure, stalls of the server included: with
     * 20 ms' worth (runs before the twenty-ninth) one 58 ms stall of the server at mlp's 60 % row took every
     * connection, and the row fell back to the due time. One selector thread drives them all ({@code OpenLoop}), so a
     * connection costs the client a socket, not a thread.
     */
    private int poissonConnections(double requestsPerSecond) {
        return Math.max(connections, (int) Math.ceil(requestsPerSecond * 0.100));
    }

    /**
     * As {@link #poissonConnections(double)}, and at least the requests that arrive in 3 predicted p99s: a slow model
     * near saturation keeps seconds of arrivals in flight (ResNet-18's 85 % row in the thirty-fifth run: 31.5/s with a
     * p99 of 2.3 s took all 64 connections), and a row should read the pod's queue, not the client's.
     */
    private int poissonConnections(double requestsPerSecond, double predictedP99Millis) {
        double inFlight = Double.isFinite(predictedP99Millis) ? requestsPerSecond * 3 * predictedP99Millis / 1000 : 0;
        return Math.max(poissonConnections(requestsPerSecond), (int) Math.min(4096, Math.ceil(inFlight)));
    }

    /**
     * Where the runtime's CPU went per request over a row's warm-up and window, by its threads (ServerThreads, as the
     * profile reads its probe server): the workers' calls, the JIT, and the other threads (event loop, parsing,
     * garbage collection), beside what the planner charged the runtime for a request beyond its calls at the row's
     * mean batch, q(k) of the profile's cost (the rig adds its load generator's CPU to that for the plan).
     */
    private static String threadSplit(double cpuSeconds, java.util.Optional<ServerThreads.Shares> shares,
                                      double requests, double chargedMillis) {
        double perRequest = 1000 * cpuSeconds / requests;
        return shares.map(s -> String.format(Locale.ROOT, "runtime CPU per request %.3f ms: workers %.3f, JIT %.3f,"
                        + " other threads %.3f, against the planner's q(k) %.3f beyond the calls", perRequest,
                perRequest * s.workers(), perRequest * s.compiler(), perRequest * (1 - s.workers() - s.compiler()),
                chargedMillis)).orElse("runtime threads not read");
    }

    /**
     * What the runtime's own metrics say about a run, warm-up included: its mean batch, mean queue wait and mean model
     * call (the batch-size summary, queue-wait and inference timers of /metrics), to set beside the planner's mean
     * batch and the profile's call times.
     */
    private static String batchesSeen(String metrics) {
        if (metrics == null) {
            return "metrics not read";
        }
        double batchCount = metric(metrics, "kinfer_batch_size_samples_count");
        double batchSum = metric(metrics, "kinfer_batch_size_samples_sum");
        double waitCount = metric(metrics, "kinfer_queue_wait_seconds_count");
        double waitSum = metric(metrics, "kinfer_queue_wait_seconds_sum");
        double callCount = metric(metrics, "kinfer_inference_seconds_count");
        double callSum = metric(metrics, "kinfer_inference_seconds_sum");
        return String.format(Locale.ROOT, "%.0f batches, mean batch %.2f, mean queue wait %.3f ms, mean model call"
                + " %.3f ms", batchCount, batchSum / batchCount, 1000 * waitSum / waitCount, 1000 * callSum / callCount);
    }

    /**
     * A measured window seen from both ends, so that a measured p99 can be taken apart: the runtime's own request
     * latency, queue wait and model call over exactly that window (the difference of two scrapes of its histograms,
     * read to within a bucket: about 12 %), the collector's pauses, the client's start lag (due time to the first byte
     * sent); and how busy the workers really were, the calls' time over the window's seconds, beside the plan's
     * utilisation (near saturation the p99 moves about ten times as much as the call time, docs/planner.md).
     */
    private static String servedWindow(String before, String after, PoissonLoad.Result result, int workers,
                                       double plannedUtilisation) {
        if (before == null || after == null) {
            return "runtime histograms not read";
        }
        BucketQuantiles request = BucketQuantiles.between(before, after,
                "kinfer_requests_seconds_bucket{endpoint=\"v2_infer\",status=\"200\",");
        BucketQuantiles wait = BucketQuantiles.between(before, after, "kinfer_queue_wait_seconds_bucket{");
        BucketQuantiles call = BucketQuantiles.between(before, after, "kinfer_inference_seconds_bucket{");
        Histogram lag = result.startLagMicros();
        // The collector's pauses stop the event loop too, before a request's own timer starts: requests wait in the
        // socket then, which the request histogram cannot show.
        double pauses = growth(before, after, "jvm_gc_pause_seconds_count");
        double paused = growth(before, after, "jvm_gc_pause_seconds_sum");
        return String.format(Locale.ROOT, "served request p50/p99 %.1f/%.1f ms (%.0f), queue wait p50/p90/p99 %.1f/%.1f/%.1f"
                        + " ms, model call p50/p90/p99/p99.9 %.1f/%.1f/%.1f/%.1f ms (%.0f calls); runtime GC %.0f pauses,"
                        + " %.1f ms in all; client start lag p50/p99/max %.2f/%.2f/%.2f ms",
                1000 * request.quantile(0.5), 1000 * request.quantile(0.99), request.count(), 1000 * wait.quantile(0.5),
                1000 * wait.quantile(0.9), 1000 * wait.quantile(0.99), 1000 * call.quantile(0.5),
                1000 * call.quantile(0.9), 1000 * call.quantile(0.99), 1000 * call.quantile(0.999), call.count(),
                pauses, 1000 * paused, lag.getValueAtPercentile(50) / 1000.0, lag.getValueAtPercentile(99) / 1000.0, lag.getMaxValue() / 1000.0)
                + callsInWindow(before, after, result.load().seconds(), workers, plannedUtilisation);
    }

    private static String callsInWindow(String before, String after, double seconds, int workers,
                                        double plannedUtilisation) {
        double calls = growth(before, after, "kinfer_inference_seconds_count");
        double callSeconds = growth(before, after, "kinfer_inference_seconds_sum");
        double samples = growth(before, after, "kinfer_batch_size_samples_sum");
        if (!(calls > 0) || !(seconds > 0)) {
            return "";
        }
        return String.format(Locale.ROOT, "; the window's calls: mean %.1f ms at %.2f samples a call, the workers %.2f"
                + " busy (planned %.2f)", 1000 * callSeconds / calls, samples / calls, callSeconds / seconds / workers,
                plannedUtilisation);
    }

    /** The runtime's /metrics text, or null when it could not be read. */
    static String scrape(RuntimeProcess kinfer) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(kinfer.baseUri().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** How much a counter (summed over its label sets) grew from one scrape to a later one. */
    static double growth(String before, String after, String name) {
        return metric(after, name) - metric(before, name);
    }

    /** The sum over all series of a Prometheus metric (its label sets), NaN when absent. */
    static double metric(String exposition, String name) {
        double sum = Double.NaN;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                sum = Double.isNaN(sum) ? value : sum + value;
            }
        }
        return sum;
    }

    /**
     * Closed loop, one connection, 1 worker x batch 1 without delay: round trip minus the profile's in-process call.
     * Then Poisson arrivals at half the rate 64 busy connections reach, as the rows send them: returns this process's
     * CPU-ms per request there, what the load generator takes from the cores the runtime runs on.
     */
    private double httpOverhead(Workloads workload, boolean binary, ModelProfile profile, String name) throws Exception {
        ProfilePoint single = profile.points().stream().filter(p -> p.workers() == 1 && p.batch() == 1).findFirst()
                .orElse(null);
        try (RuntimeProcess kinfer = start(workload, Map.of("KINFER_WORKERS", "1", "KINFER_MAX_BATCH_SIZE", "1",
                "KINFER_MAX_BATCH_DELAY_MS", "0", "KINFER_QUEUE_CAPACITY", "256"));
             LoadGenerator generator = new LoadGenerator()) {
            Target requests = binary ? workload.binary(kinfer.inferUri()) : workload.json(kinfer.inferUri());
            LoadResult one = generator.closedLoop(requests, 1, Duration.ofSeconds(binary ? 3 : 5),
                    Duration.ofSeconds(binary ? 10 : 5));
            String line = String.format(Locale.ROOT, "%s HTTP round trip, 1 worker x batch 1, 1 connection: p50 %.3f ms, "
                            + "mean %.3f ms (%d requests); profile 1 x 1 call p50 %s ms: HTTP, parsing and hand-off add "
                            + "about %s ms per request", name, one.percentileMillis(50),
                    one.latencyMicros().getMean() / 1000, one.ok(),
                    single == null ? "n/a" : String.format(Locale.ROOT, "%.3f", single.p50Millis()),
                    single == null ? "n/a" : String.format(Locale.ROOT, "%.3f", one.percentileMillis(50) - single.p50Millis()));
            double cpu0 = cpuSeconds(kinfer.pid());
            LoadResult many = generator.closedLoop(requests, 64, Duration.ZERO, Duration.ofSeconds(5));
            double cpuPerRequest = (cpuSeconds(kinfer.pid()) - cpu0) / many.ok();
            line += String.format(Locale.ROOT, "; 64 connections: %.0f requests/s, p50 %.3f ms, the runtime process "
                    + "used %.3f CPU-ms per request (the profile's 1 x 1 call: %.3f ms), i.e. at most %.0f requests/s on %d "
                    + "cores for HTTP alone", many.requestsPerSecond(), many.percentileMillis(50), 1000 * cpuPerRequest,
                    single == null ? Double.NaN : single.p50Millis(), CORES / cpuPerRequest, CORES);
            double rate = many.requestsPerSecond() / 2;
            double self0 = cpuSeconds(ProcessHandle.current().pid());
            int poissonConnections = poissonConnections(rate);
            // at least GENERATOR_REQUESTS: this JVM's own background CPU (timers, its collector) over 55 ResNet-18
            // requests in 5 s made 2.4-6.1 CPU-ms a request in three runs
            long seconds = Math.max(5, (long) Math.ceil(GENERATOR_REQUESTS / rate));
            PoissonLoad.Result poisson = PoissonLoad.run(requests, rate, poissonConnections, Duration.ZERO,
                    Duration.ofSeconds(seconds), 20261126L);
            double clientCpuMillis = 1000 * (cpuSeconds(ProcessHandle.current().pid()) - self0)
                    / Math.max(1, poisson.load().ok());
            line += String.format(Locale.ROOT, "; Poisson arrivals at %.0f/s over %d connections for %d s: the load"
                    + " generator used %.3f CPU-ms per request", rate, poissonConnections, seconds, clientCpuMillis);
            System.out.println(line);
            notes.add(line);
            return clientCpuMillis;
        }
    }

    private List<String> profile(Workloads workload, Path file, int budget, String extraArgs)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = out.resolve(workload.name() + ".profile.log");
        List<String> command = new ArrayList<>(List.of(java, "-Dai.djl.offline=true", "-jar",
                root.relativize(RuntimeProcess.runtimeJar(root)).toString(), "profile", "--model",
                workload.model().toString(), "--signature", workload.signature(), "--out", root.relativize(file).toString(),
                "--budget-seconds", Integer.toString(budget)));
        for (String arg : extraArgs.trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                command.add(arg);
            }
        }
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(withJavaOptions(Map.of("DJL_OFFLINE", "true", "OPT_OUT_TRACKING", "true",
                "DJL_CACHE_DIR", root.resolve("target/djl-cache").toString(),
                "ENGINE_CACHE_DIR", root.resolve("target/djl-cache").toString())));
        Process process = builder.start();
        if (!process.waitFor(budget + 120L, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("profile did not finish; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("profile exited " + process.exitValue() + ":\n" + Files.readString(log));
        }
        return command;
    }

    /** The mapping the operator applies to a ProfileSpec, on the profile's JSON. */
    static ModelProfile modelProfile(JsonNode json) throws IOException {
        return PlannedSizing.modelProfile(JSON.treeToValue(json, ProfileSpec.class));
    }

    /**
     * A distribution-free 95 % interval for the p99 from n samples: the order statistics whose ranks bound the
     * Binomial(n, 0.99) count below the p99 at 2.5 % and 97.5 %. With fewer than about 370 samples the upper bound is
     * beyond the largest sample ("> max").
     */
    static String[] p99Interval(Histogram h) {
        long n = h.getTotalCount();
        if (n == 0) {
            return new String[] {"n/a", "n/a"};
        }
        double cumulative = 0;
        long lower = 0;
        long upper = -1;
        // P(Bin(n, 0.99) <= k) by the log-pmf
        for (long k = 0; k <= n; k++) {
            cumulative += Math.exp(logChoose(n, k) + k * Math.log(0.99) + (n - k) * Math.log(0.01));
            if (cumulative < 0.025) {
                lower = k + 1;
            }
            if (upper < 0 && cumulative >= 0.975) {
                upper = k + 1;
            }
        }
        String lo = String.format(Locale.ROOT, "%.2f", rankValue(h, Math.max(1, lower)) / 1000.0);
        String hi = upper < 0 || upper > n ? "> max " + String.format(Locale.ROOT, "%.2f", h.getMaxValue() / 1000.0)
                : String.format(Locale.ROOT, "%.2f", rankValue(h, upper) / 1000.0);
        return new String[] {lo, hi};
    }

    private static long rankValue(Histogram h, long rank) {
        return h.getValueAtPercentile(Math.min(100.0, 100.0 * rank / h.getTotalCount()));
    }

    private static double logChoose(long n, long k) {
        return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1);
    }

    private static double lgamma(double x) {
        // Stirling series; exact enough for x >= 1 here (Binomial tails at the 2.5 % level)
        if (x < 7) {
            double product = 1;
            while (x < 7) {
                product *= x;
                x += 1;
            }
            return lgamma(x) - Math.log(product);
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        return (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI)
                + inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 / 1260));
    }

    private RuntimeProcess start(Workloads workload, Map<String, String> env) throws Exception {
        return RuntimeBenchmark.startKinfer(root, workload, withJavaOptions(env));
    }

    private Map<String, String> withJavaOptions(Map<String, String> env) {
        if (runtimeJavaOptions.isEmpty()) {
            return env;
        }
        Map<String, String> all = new HashMap<>(env);
        all.put("JAVA_TOOL_OPTIONS", runtimeJavaOptions);
        return all;
    }

    private static double[] parseFractions(String text) {
        String[] parts = text.split(",");
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Double.parseDouble(parts[i].trim());
        }
        return values;
    }

    /** user + system CPU seconds of a process so far, from /proc/PID/stat (clock ticks of 1/100 s); NaN if unread. */
    static double cpuSeconds(long pid) {
        try {
            return ServerThreads.ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat"))) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
