package dev.kinfer.runtime.profile;

import dev.kinfer.runtime.cli.CommandLine;
import dev.kinfer.runtime.config.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The arguments of {@code profile}, checked. Options take {@code --name value} or {@code --name=value}.
 *
 * @param workers worker counts to measure; empty means the default for the device (see {@link #workerCounts})
 * @param signature the {@code --signature} value: JSON text or the path of a JSON file
 * @param requestWarmupSeconds unrecorded Poisson arrivals before the request cost's open-loop window; NaN when not
 *                             given ({@link #requestLeadInSeconds} then takes half of {@code requestSeconds})
 * @param driftSeconds         how long the calls' speed drift is measured on a CPU (0: not measured)
 * @param driftTrace           where to write the drift phase's calls (worker, start and end nanoseconds), if anywhere
 */
public record ProfileOptions(Path model, Optional<Path> out, Device device, Optional<String> signature,
                             List<Integer> workers, List<Integer> batches, double secondsPerPoint,
                             double budgetSeconds, int warmupCalls, double warmupSeconds, double maxP99Millis,
                             double requestSeconds, double requestWarmupSeconds, double driftSeconds,
                             Optional<Path> driftTrace, boolean help) {

    public static final List<Integer> DEFAULT_BATCHES = List.of(1, 2, 4, 8, 16, 32, 64);
    public static final int DEFAULT_GPU_MAX_WORKERS = 8;
    public static final double DEFAULT_DRIFT_SECONDS = 10;
    private static final java.util.Set<String> OPTIONS = java.util.Set.of("--model", "--out", "--device", "--signature",
            "--workers", "--batches", "--seconds-per-point", "--budget-seconds", "--warmup-calls", "--warmup-seconds",
            "--max-p99-millis", "--request-seconds", "--request-warmup-seconds", "--drift-seconds", "--drift-trace");

    public static final String USAGE = String.join("\n",
            "usage: java -jar quarkus-run.jar profile --model FILE.pt [options]",
            "  --model FILE            TorchScript model to measure (required)",
            "  --out FILE              where to write the profile JSON (default: stdout), e.g. /dev/termination-log",
            "  --device auto|cpu|gpu   device to measure on (default auto: the GPU when the engine sees one)",
            "  --signature JSON|FILE   input signature; else KINFER_MODEL_SIGNATURE, else FILE.json beside the model",
            "  --workers 1,2,4         worker counts (default: 1,2,4,... up to the CPU cores, or up to 8 on a GPU)",
            "  --batches 1,2,4         batch sizes (default 1,2,4,8,16,32,64)",
            "  --seconds-per-point S   measuring time of one point (default 1.0)",
            "  --budget-seconds S      time for the whole run; points that do not fit are skipped (default 60)",
            "  --warmup-calls N        calls per worker before each point is measured (default 2)",
            "  --warmup-seconds S      once, before the first point: 1 worker calling, unmeasured (default 1.0; 0 = none)",
            "  --max-p99-millis MS     stop growing the batch once a call's p99 exceeds this (default 1000)",
            "  --request-seconds S     measure what a served request adds (latency at 1 connection, then CPU at 8) for",
            "                          S s each after S s of warm-up, through a server started from this jar",
            "                          (default 2; 0 = not measured)",
            "  --request-warmup-seconds S  Poisson arrivals before the request cost's tail window, unmeasured, so that",
            "                          the tail is a warmed server's (default: half of --request-seconds)",
            "  --drift-seconds S       on a CPU, after the grid: all cores' workers calling at batch 1 for S s, how much",
            "                          their speed wanders over time, which lengthens queues (default 10; 0 = not measured)",
            "  --drift-trace FILE      also write that phase's calls as CSV lines worker,start,end (ns from its start),",
            "                          for docs/scripts/drift_queue.py");

    /** Parses {@code args} (the words after {@code profile}); throws {@link ProfileUsageException} naming the option. */
    public static ProfileOptions parse(String... args) {
        Path model = null;
        Optional<Path> out = Optional.empty();
        Device device = Device.AUTO;
        Optional<String> signature = Optional.empty();
        List<Integer> workers = List.of();
        List<Integer> batches = DEFAULT_BATCHES;
        double seconds = 1.0;
        double budget = 60;
        int warmup = 2;
        double warmupSeconds = 1.0;
        double maxP99 = 1000;
        double requestSeconds = 2;
        double requestWarmupSeconds = Double.NaN;
        double driftSeconds = DEFAULT_DRIFT_SECONDS;
        Optional<Path> driftTrace = Optional.empty();
        boolean help = false;
        for (CommandLine.Option option : CommandLine.options(args, OPTIONS, ProfileUsageException::new)) {
            String name = option.name();
            String value = option.value();
            if (name.equals(CommandLine.HELP)) {
                help = true;
                continue;
            }
            switch (name) {
                case "--model" -> model = Path.of(nonBlank(name, value, "the path of a TorchScript .pt file"));
                case "--out" -> out = Optional.of(Path.of(nonBlank(name, value, "a file path")));
                case "--device" -> device = Device.parse(value).orElseThrow(() -> new ProfileUsageException(
                        "--device is '" + value + "' but must be one of " + Device.choices()));
                case "--signature" -> signature = Optional.of(nonBlank(name, value, "signature JSON or the path of a JSON file"));
                case "--workers" -> workers = positiveList(name, value);
                case "--batches" -> batches = positiveList(name, value);
                case "--seconds-per-point" -> seconds = positiveNumber(name, value);
                case "--budget-seconds" -> budget = positiveNumber(name, value);
                case "--warmup-calls" -> warmup = integer(name, value, 0);
                case "--warmup-seconds" -> warmupSeconds = nonNegativeNumber(name, value);
                case "--max-p99-millis" -> maxP99 = positiveNumber(name, value);
                case "--request-seconds" -> requestSeconds = nonNegativeNumber(name, value);
                case "--request-warmup-seconds" -> requestWarmupSeconds = nonNegativeNumber(name, value);
                case "--drift-seconds" -> driftSeconds = nonNegativeNumber(name, value);
                case "--drift-trace" -> driftTrace = Optional.of(Path.of(nonBlank(name, value, "a file path")));
                default -> throw new ProfileUsageException("unknown option '" + name + "'; see --help for the options");
            }
        }
        if (model == null && !help) {
            throw new ProfileUsageException("--model is required: the path of the TorchScript .pt file to profile");
        }
        return new ProfileOptions(model, out, device, signature, workers, batches, seconds, budget, warmup, warmupSeconds, maxP99,
                requestSeconds, requestWarmupSeconds, driftSeconds, driftTrace, help);
    }

    /**
     * Seconds of unrecorded Poisson arrivals before the request cost's tail window: {@code --request-warmup-seconds},
     * else half of {@code --request-seconds}. A server some 15 s old still has a longer tail than it settles to (mlp's
     * p99 2-3x over its first minute at a rate, docs/planner.md), so a longer lead-in aims at the tail a pod in
     * service has (in validation run 35, 60 s of it still gave mlp an o99 of 5.19 ms where the 30 % row measured 2.79
     * end to end); the default keeps the probe inside the default 60 s budget.
     */
    public double requestLeadInSeconds() {
        return Double.isNaN(requestWarmupSeconds) ? RequestCostProbe.OPEN_LOOP_LEAD_IN * requestSeconds
                : requestWarmupSeconds;
    }

    /** The worker counts to measure: the given ones, else 1, 2, 4, ... up to {@code maxWorkers} (which is included). */
    public List<Integer> workerCounts(int maxWorkers) {
        if (!workers.isEmpty()) {
            return workers;
        }
        List<Integer> counts = new ArrayList<>();
        for (int w = 1; w < maxWorkers; w *= 2) {
            counts.add(w);
        }
        counts.add(Math.max(1, maxWorkers));
        return List.copyOf(counts);
    }

    private static String nonBlank(String name, String value, String expected) {
        return CommandLine.nonBlank(name, value, expected, ProfileUsageException::new);
    }

    private static double positiveNumber(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d > 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProfileUsageException(name + " is '" + value + "' but must be a number > 0");
    }

    private static double nonNegativeNumber(String name, String value) {
        try {
            double d = Double.parseDouble(value.trim());
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProfileUsageException(name + " is '" + value + "' but must be a number >= 0");
    }

    private static int integer(String name, String value, int min) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProfileUsageException(name + " is '" + value + "' but must be a whole number >= " + min);
    }

    /** "1,2,4" in ascending order without duplicates. */
    private static List<Integer> positiveList(String name, String value) {
        List<Integer> list = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            int n;
            try {
                n = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1 || (!list.isEmpty() && n <= list.get(list.size() - 1))) {
                throw new ProfileUsageException(name + " is '" + value
                        + "' but must be whole numbers >= 1 in ascending order, separated by commas, e.g. 1,2,4");
            }
            list.add(n);
        }
        return List.copyOf(list);
    }
}
