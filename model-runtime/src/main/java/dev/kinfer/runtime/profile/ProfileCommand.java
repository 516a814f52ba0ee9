package dev.kinfer.runtime.profile;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import dev.kinfer.runtime.config.InvalidConfigurationException;
import dev.kinfer.runtime.model.DeviceSelector;
import dev.kinfer.runtime.model.DjlEnvironment;
import dev.kinfer.runtime.model.DjlGpuProbe;
import dev.kinfer.runtime.model.GpuProbe;
import dev.kinfer.runtime.model.Signature;
import dev.kinfer.runtime.model.SignatureReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code profile --model X [--out F]}: measures the model on this machine and writes its profile (see
 * docs/planner.md, "Profiling"). Progress goes to stderr, the JSON to {@code --out} or stdout. Exit codes: 0 done,
 * 2 bad arguments (the option, the model file, the signature), 1 profiling failed.
 */
public final class ProfileCommand {
    private final Map<String, String> env;
    private final PrintStream stdout;
    private final PrintStream stderr;
    private final GpuProbe gpus;
    private final Supplier<Optional<RequestCostProbe.Launch>> launcher;

    /** Predictor creation and each worker's warm-up calls before the drift phase's measured span. */
    private static final double DRIFT_SETUP_SECONDS = 2;

    public ProfileCommand(Map<String, String> env, PrintStream stdout, PrintStream stderr, GpuProbe gpus) {
        this(env, stdout, stderr, gpus, RequestCostProbe.Launch::ofThisProcess);
    }

    ProfileCommand(Map<String, String> env, PrintStream stdout, PrintStream stderr, GpuProbe gpus,
                   Supplier<Optional<RequestCostProbe.Launch>> launcher) {
        this.env = env;
        this.stdout = stdout;
        this.stderr = stderr;
        this.gpus = gpus;
        this.launcher = launcher;
    }

    public static ProfileCommand standard(PrintStream stdout) {
        return new ProfileCommand(System.getenv(), stdout, System.err, new DjlGpuProbe());
    }

    public int run(String... args) {
        long start = System.nanoTime();
        try {
            ProfileOptions options = ProfileOptions.parse(args);
            if (options.help()) {
                stderr.println(ProfileOptions.USAGE);
                return 0;
            }
            Path model = modelFile(options.model());
            Signature signature = signature(options, model);
            ProfileJson.Rendered rendered = measure(options, model, signature, start);
            write(options.out(), rendered.json());
            stderr.printf("profile: wrote %d bytes to %s in %.1f s%n", rendered.bytes(),
                    options.out().map(Path::toString).orElse("stdout"), (System.nanoTime() - start) / 1e9);
            return 0;
        } catch (ProfileUsageException | InvalidConfigurationException e) {
            stderr.println("profile: " + e.getMessage());
            return 2;
        } catch (ProfileFailedException e) {
            stderr.println("profile: " + e.getMessage());
            return 1;
        }
    }

    private ProfileJson.Rendered measure(ProfileOptions options, Path modelPath, Signature signature, long start) {
        Optional<RequestCostProbe.Launch> launch = options.requestSeconds() > 0 ? launcher.get() : Optional.empty();
        // The server's start, warm-up and window come out of the budget before the grid gets the rest; a budget
        // that would leave the grid less than half is kept for the grid.
        double reserve = RequestCostProbe.reserveSeconds(options.requestSeconds(), options.requestLeadInSeconds());
        boolean probe = launch.isPresent() && options.budgetSeconds() >= 2 * reserve;
        Grid grid = measureGrid(options, modelPath, signature, start, probe ? reserve : 0);
        Optional<RequestCostProbe.Measured> cost = Optional.empty();
        if (probe) {
            cost = measureRequestCost(options, launch.get(), modelPath, signature, grid);
        } else if (launch.isPresent()) {
            stderr.printf("profile: request cost not measured: it takes about %.0f s and --budget-seconds %s leaves the"
                    + " grid less than half; give --budget-seconds %.0f or more%n", reserve,
                    trim(options.budgetSeconds()), 2 * reserve);
        } else if (options.requestSeconds() > 0) {
            stderr.println("profile: request cost not measured: it needs a server started from quarkus-run.jar, and this"
                    + " process was not started with java -jar quarkus-run.jar");
        }
        ProfileJson.Rendered rendered = ProfileJson.render(grid.device(), grid.accounting(), grid.points(), cost,
                grid.drift());
        rendered.notes().forEach(n -> stderr.println("profile: " + n));
        return rendered;
    }

    /**
     * The grid's points, the in-process 1 worker x batch 1 call the request cost is measured against, and the calls'
     * speed drift (empty when not measured).
     */
    private record Grid(String device, MemoryAccounting accounting, List<PointResult> points, PointResult singleCall,
                        boolean gpu, List<SpeedDrift.Scale> drift) {
    }

    private Optional<RequestCostProbe.Measured> measureRequestCost(ProfileOptions options, RequestCostProbe.Launch launch,
                                                                   Path modelPath, Signature signature, Grid grid) {
        Map<String, String> serverEnv = new java.util.HashMap<>();
        serverEnv.put("KINFER_MODEL_URI", modelPath.toString());
        serverEnv.put("KINFER_DEVICE", grid.gpu() ? "gpu" : "cpu");
        signatureText(options).ifPresent(text -> serverEnv.put("KINFER_MODEL_SIGNATURE", text));
        double seconds = options.requestSeconds();
        stderr.printf("profile: request cost: serving the model from %s, 1 worker x batch 1: %.1f s warm-up at %d"
                + " connections, %.1f s at one connection (latency), %.1f s at %d (CPU), %.1f s of Poisson arrivals at"
                + " %.0f %% of that rate (tail) after %.1f s of them unmeasured%n", launch.jar().getFileName(), seconds,
                RequestCostProbe.CPU_CONNECTIONS, seconds, seconds, RequestCostProbe.CPU_CONNECTIONS, seconds,
                100 * RequestCostProbe.TAIL_LOAD, options.requestLeadInSeconds());
        Optional<RequestCostProbe.Measured> cost = new RequestCostProbe(launch, env, stderr).measure(serverEnv,
                SampleRequest.v2Json(signature.inputs()), grid.singleCall(), seconds, seconds,
                options.requestLeadInSeconds(), RequestCostProbe.READY_TIMEOUT_SECONDS);
        cost.ifPresent(c -> {
            stderr.printf("profile: request cost: round trip p50 %.3f ms against the call's %.3f ms (overhead %.3f ms);"
                            + " server CPU %.3f ms per request when busy against %.3f ms per in-process call; request CPU"
                            + " %.3f ms (%s); %d requests%n", c.roundTripP50Millis(), grid.singleCall().p50Millis(),
                    c.overheadMillis(), c.serverCpuMillis(), grid.singleCall().cpuMillisPerCall(), c.cpuMillis(),
                    c.shares().map(s -> String.format(java.util.Locale.ROOT, "of the server's CPU in its window, the"
                            + " workers took %.0f %% and the JIT %.0f %%", 100 * s.workers(), 100 * s.compiler()))
                            .orElse("no per-thread CPU: the server's less the call's"), c.requests());
            c.tail().ifPresent(t -> stderr.printf("profile: request cost: %d Poisson arrivals at %.1f/s: round trip p50"
                            + " %.3f ms, p99 %.3f ms (overhead p99 %.3f ms); server CPU %.3f ms per request (what the"
                            + " request CPU is taken from; %.3f ms more than busy: the per-batch part); the cores %.0f %%"
                            + " busy%n", t.requests(), t.perSecond(), t.roundTripP50Millis(), t.roundTripP99Millis(),
                    t.overheadP99Millis(), t.serverCpuMillis(), c.batchCpuMillis().orElseThrow(),
                    100 * t.hostUtilisation()));
        });
        return cost;
    }

    /** KINFER_INTRA_OP_THREADS as the server reads it (0, the default, when unset or not a whole number >= 0). */
    private int configuredThreads() {
        try {
            return Math.max(0, Integer.parseInt(env.getOrDefault("KINFER_INTRA_OP_THREADS", "0").trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The --signature JSON for the server (a file is read); empty when the server finds it as this command did. */
    private static Optional<String> signatureText(ProfileOptions options) {
        if (options.signature().isEmpty()) {
            return Optional.empty();
        }
        String value = options.signature().get();
        if (value.startsWith("{")) {
            return Optional.of(value);
        }
        try {
            return Optional.of(Files.readString(Path.of(value)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Grid measureGrid(ProfileOptions options, Path modelPath, Signature signature, long start, double reserved) {
        DjlEnvironment.forceOffline();
        Device device = device(options);
        MemoryProbe memory = device.isGpu() ? new GpuMemory(device) : new ProcessMemory();
        Engine.getEngine(DjlEnvironment.ENGINE);
        try (NDManager manager = NDManager.newBaseManager(device, DjlEnvironment.ENGINE)) {
            manager.zeros(new ai.djl.ndarray.types.Shape(1)).toByteBuffer(); // creates the CUDA context on a GPU
        }
        long beforeModel = memory.usedBytes();
        try (ZooModel<NDList, NDList> model = load(modelPath, device)) {
            MemoryAccounting accounting = MemoryAccounting.of(beforeModel, memory.usedBytes(), size(modelPath));
            stderr.printf("profile: %s on %s; memory is %s: context %.0f MiB, weights %.1f MiB%s%n", modelPath.getFileName(),
                    device, memory.describe(), accounting.contextMiB(), accounting.weightsMiB(),
                    accounting.weightsFromFile() ? " (file size: the measured increase was below "
                            + (int) MemoryAccounting.NOISE_MIB + " MiB, i.e. noise)" : "");
            List<Integer> batches = options.batches();
            String unbatchable = SampleInputs.whyUnbatchable(signature.inputs());
            if (unbatchable != null) {
                stderr.println("profile: " + unbatchable + "; measuring batch 1 only");
                batches = List.of(1);
            }
            int maxWorkers = device.isGpu() ? ProfileOptions.DEFAULT_GPU_MAX_WORKERS : Runtime.getRuntime().availableProcessors();
            double driftReserve = driftReserveSeconds(options, device, start, reserved);
            GridSchedule grid = new GridSchedule(options.workerCounts(maxWorkers), batches, options.maxP99Millis());
            PointRunner runner = new PointRunner(model, device, signature.inputs(), memory, accounting, options.warmupCalls(),
                    configuredThreads());
            if (options.warmupSeconds() > 0) {
                // The first calls of a JVM run interpreted Java and unoptimised TorchScript graphs; without this the
                // first point measures the warm-up (seen here: 1 worker x batch 1 at a seventh of its later speed).
                PointResult w = runner.run(1, batches.get(0), options.warmupSeconds());
                stderr.printf("profile: warm-up: %d calls in %.1f s (not recorded)%n", w.calls(), w.seconds());
            }
            List<PointResult> points = new ArrayList<>();
            for (Optional<int[]> next = grid.next(); next.isPresent(); next = grid.next()) {
                int workers = next.get()[0];
                int batch = next.get()[1];
                double elapsed = (System.nanoTime() - start) / 1e9;
                double predicted = grid.predictSeconds(workers, batch, options.secondsPerPoint(), options.warmupCalls());
                if (!points.isEmpty() && elapsed + predicted > options.budgetSeconds() - reserved - driftReserve) {
                    List<String> skipped = grid.remaining();
                    stderr.printf("profile: budget: %.1f s spent of --budget-seconds %s, the next point needs about %.1f s;"
                                    + " skipped %d points: %s%n", elapsed, trim(options.budgetSeconds()), predicted,
                            skipped.size(), String.join(", ", skipped));
                    break;
                }
                PointResult p = runner.run(workers, batch, options.secondsPerPoint());
                points.add(p);
                grid.record(p);
                stderr.printf("profile: %d worker%s x batch %d: %.1f/s, p50 %.2f ms, p99 %.2f ms, memory %.0f MiB, %d calls"
                                + " (%.1f s)%n", workers, workers == 1 ? "" : "s", batch, p.throughputPerSecond(), p.p50Millis(), p.p99Millis(),
                        p.memoryMiB(), p.calls(), p.seconds());
                grid.notes().forEach(n -> stderr.println("profile: " + n));
                grid.notes().clear();
            }
            PointResult singleCall = points.stream().filter(p -> p.workers() == 1 && p.batch() == 1).findFirst()
                    .orElse(null);
            if (reserved > 0 && singleCall == null) {
                // The request cost is measured against this call.
                singleCall = runner.run(1, 1, options.secondsPerPoint());
            }
            List<SpeedDrift.Scale> drift = driftReserve > 0 ? measureDrift(runner, options, maxWorkers) : List.of();
            return new Grid(device.isGpu() ? "gpu" : "cpu", accounting, points, singleCall, device.isGpu(), drift);
        }
    }

    /**
     * Seconds the drift phase takes out of the grid's budget: 0 on a GPU (its calls run on the device; the planner's
     * GPU queueing is checked against the simulator) or when not asked for, and when the budget left after the request
     * cost's reserve would give the grid less than half (said on stderr).
     */
    private double driftReserveSeconds(ProfileOptions options, Device device, long start, double reserved) {
        if (device.isGpu() || options.driftSeconds() <= 0) {
            return 0;
        }
        double reserve = options.driftSeconds() + DRIFT_SETUP_SECONDS;
        double left = options.budgetSeconds() - reserved - (System.nanoTime() - start) / 1e9;
        if (left < 2 * reserve) {
            stderr.printf("profile: speed drift not measured: it takes about %.0f s and --budget-seconds %s leaves the"
                    + " grid less than half; give a larger --budget-seconds or a smaller --drift-seconds%n", reserve,
                    trim(options.budgetSeconds()));
            return 0;
        }
        return reserve;
    }

    /** The drift phase's calls as CSV lines {@code worker,start,end}, nanoseconds from the measured span's start. */
    private static void writeTrace(PointRunner.Traced traced, Path file) {
        StringBuilder csv = new StringBuilder();
        for (int w = 0; w < traced.starts().length; w++) {
            for (int i = 0; i < traced.starts()[w].length; i++) {
                long start = traced.starts()[w][i] - traced.from();
                csv.append(w).append(',').append(start).append(',').append(start + traced.durations()[w][i]).append('\n');
            }
        }
        try {
            Files.writeString(file, csv);
        } catch (IOException e) {
            throw new ProfileFailedException("--drift-trace " + file + " could not be written: " + e.getMessage(), e);
        }
    }

    /** Every core's worker calling at batch 1 for --drift-seconds, each call's start and duration kept. */
    private List<SpeedDrift.Scale> measureDrift(PointRunner runner, ProfileOptions options, int cores) {
        PointRunner.Traced traced = runner.traced(cores, 1, options.driftSeconds());
        List<SpeedDrift.Scale> drift = traced.drift();
        options.driftTrace().ifPresent(file -> writeTrace(traced, file));
        stderr.printf("profile: speed drift: %d workers x batch 1 for %.1f s, %d calls of %.2f ms (p99 %.2f ms); the"
                        + " mean call's variance over windows of %s%n", cores, options.driftSeconds(),
                traced.point().calls(), traced.point().p50Millis(), traced.point().p99Millis(),
                drift.isEmpty() ? "(none: the span holds too few windows)" : drift.stream()
                        .map(d -> String.format(java.util.Locale.ROOT, "%.3g s: %.3g", d.seconds(), d.variance()))
                        .collect(java.util.stream.Collectors.joining(", ")));
        return drift;
    }

    private Device device(ProfileOptions options) {
        try {
            return new DeviceSelector(gpus).select(options.device());
        } catch (InvalidConfigurationException e) {
            throw new ProfileUsageException("--device is 'gpu' but the PyTorch engine sees no GPU; run on a node with a GPU"
                    + " and a CUDA build of libtorch, or pass --device cpu or auto");
        }
    }

    private static ZooModel<NDList, NDList> load(Path path, Device device) {
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(DjlEnvironment.ENGINE)
                .optModelPath(path)
                .optDevice(device)
                .optTranslator(new NoopTranslator())
                .build();
        try {
            return criteria.loadModel();
        } catch (IOException | MalformedModelException | ai.djl.repository.zoo.ModelNotFoundException
                 | ai.djl.engine.EngineException e) {
            throw new ProfileFailedException("--model " + path + " could not be loaded as a TorchScript model: " + e.getMessage(), e);
        }
    }

    private static Path modelFile(Path given) {
        Path path = given.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
            throw new ProfileUsageException("--model " + given + " is not a readable file (" + path + " "
                    + (Files.isDirectory(path) ? "is a directory" : Files.exists(path) ? "is not readable" : "does not exist")
                    + "); expected the path of a TorchScript .pt file");
        }
        return path;
    }

    private Signature signature(ProfileOptions options, Path model) {
        if (options.signature().isPresent()) {
            String value = options.signature().get();
            if (value.startsWith("{")) {
                return SignatureReader.parse(value, "--signature");
            }
            Path file = Path.of(value);
            try {
                return SignatureReader.parse(Files.readString(file), "--signature " + file);
            } catch (IOException e) {
                throw new ProfileUsageException("--signature is neither JSON (it does not start with '{') nor a readable"
                        + " file (" + file.toAbsolutePath() + ": " + e.getClass().getSimpleName() + ")");
            }
        }
        Optional<String> configured = Optional.ofNullable(env.get("KINFER_MODEL_SIGNATURE")).filter(s -> !s.isBlank());
        return SignatureReader.find(configured, model).orElseThrow(() -> new ProfileUsageException(
                "no signature for " + model + ": TorchScript files carry no input shapes or dtypes, so profile cannot make"
                        + " inputs without one; pass --signature '{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\","
                        + "\"shape\":[-1,16]}]}' (or the path of such a file), set KINFER_MODEL_SIGNATURE, or put "
                        + SignatureReader.sidecarOf(model).getFileName() + " beside the model"));
    }

    private void write(Optional<Path> out, String json) {
        if (out.isEmpty()) {
            stdout.println(json);
            stdout.flush();
            return;
        }
        try {
            Files.writeString(out.get(), json);
        } catch (IOException e) {
            throw new ProfileFailedException("--out " + out.get() + " could not be written: " + e);
        }
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
