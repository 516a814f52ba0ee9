package dev.kinfer.e2e.bench;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.e2e.cluster.ControlPlane;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The operator at scale (issue 5): the real operator jar ({@code -Xmx256m}) against the Fabric8 mock API server in
 * CRUD mode, N InferenceServices created at once, and a stand-in Deployment controller ({@link
 * DeploymentController}) that reports every Deployment fully available, so that the operator can evaluate Ready.
 * Measures
 * <ul>
 * <li>the time from the first create until every InferenceService has a Deployment, a Ready condition, and
 * Ready=True;</li>
 * <li>the operator's peak heap, from its GC log (used before and after each pause) and from {@code /q/metrics}
 * ({@code jvm_memory_used_bytes}, area heap) polled every second;</li>
 * <li>the operator's API calls by method during the following steady-state minute (the benchmark's own client is
 * told apart by its User-Agent and not counted).</li>
 * </ul>
 * Options (system properties): {@code scale.count} (1000), {@code scale.namespaces} (10),
 * {@code scale.steadySeconds} (60), {@code scale.timeoutSeconds} (600), {@code scale.operatorEnv}
 * (extra operator settings, {@code NAME=value,NAME=value}), {@code scale.operatorJvmOptions} (extra JVM options of the
 * operator, space-separated, e.g. a flight recording).
 */
public final class OperatorScaleBenchmark {

    private final Path root = Path.of(System.getProperty("kinfer.root", ".")).toAbsolutePath().normalize();
    private final int count = Integer.getInteger("scale.count", 1000);
    private final int namespaces = Integer.getInteger("scale.namespaces", 10);
    private final int steadySeconds = Integer.getInteger("scale.steadySeconds", 60);
    private final int timeoutSeconds = Integer.getInteger("scale.timeoutSeconds", 600);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicLong peakSampledHeap = new AtomicLong(-1);

    public static void main(String[] args) throws Exception {
        new OperatorScaleBenchmark().run();
        System.exit(0);
    }

    void run() throws Exception {
        Path work = root.resolve("target/scale-benchmark");
        Files.createDirectories(work);
        Path gcLog = work.resolve("operator-gc.log");
        Files.deleteIfExists(gcLog);
        ApiCallCounter calls = new ApiCallCounter(Set.of(ControlPlane.CLIENT_AGENT));
        print("load average at start: " + loadAverage());
        List<String> jvmOptions = new ArrayList<>(List.of("-Xlog:gc:file=" + gcLog));
        for (String option : System.getProperty("scale.operatorJvmOptions", "").split(" ")) {
            if (!option.isBlank()) {
                jvmOptions.add(option);
            }
        }
        try (ControlPlane plane = ControlPlane.start(root, work, calls, operatorEnv(), jvmOptions)) {
            print("operator ready (pid " + plane.operatorPid() + ", log " + plane.operatorLog() + ")");
            var client = plane.client();
            SharedIndexInformer<InferenceService> services = client.resources(InferenceService.class)
                    .inAnyNamespace().inform();
            SharedIndexInformer<Deployment> deployments = client.apps().deployments().inAnyNamespace().inform();
            ExecutorService sampler = Executors.newSingleThreadExecutor();
            sampler.submit(() -> sampleHeap(plane.operatorUrl()));
            try (DeploymentController controller = new DeploymentController(client, deployments)) {
                calls.reset();
                Duration operatorCpuAtStart = cpu(ProcessHandle.of(plane.operatorPid()));
                Duration benchmarkCpuAtStart = cpu(Optional.of(ProcessHandle.current()));
                Instant start = Instant.now();
                create(client);
                Duration created = Duration.between(start, Instant.now());
                print("created " + count + " InferenceServices in " + seconds(created) + " s");
                Instant deadline = start.plusSeconds(timeoutSeconds);
                Duration allDeployments = null;
                Duration allEvaluated = null;
                Duration allReady = null;
                while (allReady == null && Instant.now().isBefore(deadline)) {
                    Thread.sleep(200); // a benchmark's progress loop over local caches, not a test wait
                    Duration now = Duration.between(start, Instant.now());
                    if (allDeployments == null && deployments.getStore().list().size() >= count) {
                        allDeployments = now;
                        print("every InferenceService has a Deployment after " + seconds(now) + " s");
                    }
                    List<InferenceService> current = services.getStore().list();
                    if (allEvaluated == null && current.stream().filter(s -> ready(s) != null).count() >= count) {
                        allEvaluated = now;
                        print("every InferenceService has a Ready condition after " + seconds(now) + " s");
                    }
                    if (current.stream().filter(s -> ready(s) != null && "True".equals(ready(s).getStatus()))
                            .count() >= count) {
                        allReady = now;
                        print("every InferenceService is Ready=True after " + seconds(now) + " s");
                    }
                }
                Map<String, Long> rampCalls = calls.byMethod();
                Duration rampWall = Duration.between(start, Instant.now());
                Duration operatorCpu = cpu(ProcessHandle.of(plane.operatorPid())).minus(operatorCpuAtStart);
                Duration benchmarkCpu = cpu(Optional.of(ProcessHandle.current())).minus(benchmarkCpuAtStart);
                if (allReady == null) {
                    print("NOT CONVERGED within " + timeoutSeconds + " s: " + progress(services, deployments));
                }
                print("operator API calls until then, by method: " + rampCalls);

                calls.reset();
                print("steady state: counting the operator's API calls for " + steadySeconds + " s");
                Thread.sleep(steadySeconds * 1000L);
                Map<String, Long> steadyCalls = calls.byMethod();
                long steadyWrites = calls.writes();
                Map<String, Long> steadyWritePaths = calls.writesByPath();

                sampler.shutdownNow();
                sampler.awaitTermination(5, TimeUnit.SECONDS);
                HeapReadings.GcSummary gc = HeapReadings.gcLog(Files.readAllLines(gcLog));
                boolean oom = Files.readString(plane.operatorLog()).contains("OutOfMemoryError");

                print("");
                print("=== operator at scale: " + count + " InferenceServices in " + namespaces + " namespaces ===");
                print("date                         " + Instant.now());
                print("created in                   " + seconds(created) + " s");
                print("all have a Deployment        " + seconds(allDeployments) + " s");
                print("all have a Ready condition   " + seconds(allEvaluated) + " s");
                print("all Ready=True               " + seconds(allReady) + " s (target <= 60 s)");
                print("CPU until all Ready=True      operator " + seconds(operatorCpu) + " s, API server and benchmark "
                        + seconds(benchmarkCpu) + " s, in " + seconds(rampWall) + " s wall time");
                print("operator heap (-Xmx256m)     peak used " + mib(Math.max(gc.maxBeforeBytes(),
                        peakSampledHeap.get())) + " MiB (GC log before-pause max " + mib(gc.maxBeforeBytes())
                        + ", /q/metrics max " + mib(peakSampledHeap.get()) + "); peak after GC "
                        + mib(gc.maxAfterBytes()) + " MiB; max committed " + mib(gc.maxCommittedBytes())
                        + " MiB; " + gc.pauses() + " GC pauses; OutOfMemoryError: " + oom);
                print("steady-state calls (" + steadySeconds + " s) " + steadyCalls + "; writes " + steadyWrites
                        + " (target 0)" + (steadyWritePaths.isEmpty() ? "" : " " + steadyWritePaths));
                print("load average at end          " + loadAverage());
            }
            services.close();
            deployments.close();
        }
    }

    private Map<String, String> operatorEnv() {
        Map<String, String> env = new java.util.HashMap<>();
        String extra = System.getProperty("scale.operatorEnv", "");
        for (String pair : extra.split(",")) {
            if (pair.contains("=")) {
                env.put(pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1).trim());
            }
        }
        return env;
    }

    /** Every fourth service asks for two replicas, so the PodDisruptionBudget dependent works too. */
    private void create(io.fabric8.kubernetes.client.KubernetesClient client) throws Exception {
        ExecutorService creators = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = i;
            done.add(creators.submit(() -> client.resource(service(n)).create()));
        }
        for (Future<?> f : done) {
            f.get();
        }
        creators.shutdown();
    }

    private InferenceService service(int n) {
        String yaml = """
                apiVersion: serving.kinfer.dev/v1alpha1
                kind: InferenceService
                metadata:
                  name: model-%d
                  namespace: team-%d
                spec:
                  predictor:
                    minReplicas: %d
                    model:
                      modelFormat: {name: pytorch}
                      storageUri: pvc://models/mlp.pt
                """.formatted(n, n % namespaces, n % 4 == 0 ? 2 : 1);
        return io.fabric8.kubernetes.client.utils.Serialization.unmarshal(yaml, InferenceService.class);
    }

    private static Condition ready(InferenceService s) {
        if (s.getStatus() == null || s.getStatus().getConditions() == null) {
            return null;
        }
        return s.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                .orElse(null);
    }

    private String progress(SharedIndexInformer<InferenceService> services, SharedIndexInformer<Deployment> deps) {
        List<InferenceService> all = services.getStore().list();
        return deps.getStore().list().size() + " Deployments, " + all.stream().filter(s -> ready(s) != null).count()
                + " with a Ready condition, " + all.stream().filter(s -> ready(s) != null
                && "True".equals(ready(s).getStatus())).count() + " Ready=True";
    }

    private void sampleHeap(String operatorUrl) {
        HttpRequest metrics = HttpRequest.newBuilder(URI.create(operatorUrl + "/q/metrics"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String text = http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
                long used = HeapReadings.heapUsedBytes(text);
                peakSampledHeap.accumulateAndGet(used, Math::max);
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                // a missed sample; the GC log still has every pause
            }
        }
    }

    /** CPU time a process has used (user + system), zero when the platform does not say. */
    private static Duration cpu(Optional<ProcessHandle> process) {
        return process.flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String seconds(Duration d) {
        return d == null ? "-" : String.format("%.1f", d.toMillis() / 1000.0);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "-" : String.format("%.0f", bytes / 1048576.0);
    }

    private static void print(String line) {
        System.out.println(line);
    }
}
