package dev.kinfer.runtime.profile;

import dev.kinfer.common.ServerThreads;
import dev.kinfer.common.load.NioConnection;
import dev.kinfer.common.load.OpenLoop;
import dev.kinfer.common.load.PoissonArrivals;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Measures what one served request costs beyond its model call (docs/planner.md, "The per-request host cost"):
 * starts this runtime jar as a server on a loopback port with 1 worker x batch 1, sends single-sample V2 JSON
 * requests, and compares with the in-process 1 x 1 call measured by the grid:
 * <ul>
 *   <li>overhead = round-trip p50 over one keep-alive connection, one request at a time - call p50;</li>
 *   <li>CPU = the server process's CPU time per request in the open-loop window below (else while
 *   {@link #CPU_CONNECTIONS} connections keep it busy), less its workers' part of it as far as the in-process call
 *   accounts for it ({@link #requestCpuMillis}; without per-thread figures: less the profiling process's CPU time
 *   per call);</li>
 *   <li>overhead p99 = round-trip p99 under open-loop Poisson arrivals at {@link #TAIL_LOAD} of the busy rate -
 *   call p50: the tail a moderately loaded server adds (GC, the scheduler, event loops sharing cores), which one
 *   connection never shows; round trips timed from each request's send unless some request had to wait for a free
 *   connection ({@link Window#pacedByTheClient()}), so that this process's own delays on the shared cores are not
 *   taken for the server's, with the host's CPU utilisation it was measured at (server and this process over the
 *   cores). Left out when the window holds fewer than {@link #TAIL_MIN_REQUESTS} requests (a slow model), because
 *   a p99 of a few hundred round trips is its largest few.</li>
 * </ul>
 * The server is a second JVM because the profile command does not start Quarkus; it runs after the grid, once the
 * profile's own model is closed, so the two never hold the model at once. Anything that goes wrong is reported and
 * leaves the cost out of the profile (the planner then plans as if requests were free), never fails the profile.
 */
final class RequestCostProbe {

    /**
     * What was measured, with the figures behind it for the log. Server CPU figures leave out the JIT compiler's part
     * where the server's threads were read ({@code shares}: the workers' and the compiler's parts of the window the
     * request CPU comes from).
     */
    record Measured(double overheadMillis, double cpuMillis, double roundTripP50Millis, double serverCpuMillis,
                    long requests, Optional<Tail> tail, Optional<ServerThreads.Shares> shares) {

        /**
         * The part of {@link #cpuMillis} a request pays because the server sleeps between requests and wakes a worker
         * for it: the open-loop window's server CPU per request less the busy window's, where 8 connections kept the
         * event loop and the worker awake. A batch's requests share that wake-up. Empty without an open-loop window.
         */
        Optional<Double> batchCpuMillis() {
            return tail.map(t -> Math.max(0, Math.min(cpuMillis, t.serverCpuMillis() - serverCpuMillis)));
        }
    }

    /**
     * The open-loop window: its rate, the round trips' p50 and p99, the overhead p99 derived from them, the server's
     * CPU per request there (its JIT's part left out where its threads were read), how busy the host's cores were
     * (server and this process, which sends the requests), and the workers' and compiler's parts of the server's CPU.
     */
    record Tail(double perSecond, long requests, double roundTripP50Millis, double roundTripP99Millis,
                double overheadP99Millis, double serverCpuMillis, double hostUtilisation,
                Optional<ServerThreads.Shares> shares) {
    }

    /** How to start the server: this JVM's java and the quarkus-run.jar it was started from. */
    record Launch(Path java, Path jar, List<String> jvmOptions) {

        /** Empty when this process was not started with {@code java -jar .../quarkus-run.jar} (e.g. in unit tests). */
        static Optional<Launch> ofThisProcess() {
            Path jar = Path.of(System.getProperty("java.class.path", ""));
            if (!jar.getFileName().toString().equals("quarkus-run.jar") || !Files.isRegularFile(jar)) {
                return Optional.empty();
            }
            List<String> options = new ArrayList<>();
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                // Memory, system properties and VM flags carry over; agents (a debugger's port) would clash.
                if ((arg.startsWith("-X") || arg.startsWith("-D")) && !arg.startsWith("-Xrun") && !arg.startsWith("-Xdebug")) {
                    options.add(arg);
                }
            }
            return Optional.of(new Launch(Path.of(System.getProperty("java.home"), "bin", "java"), jar.toAbsolutePath(),
                    options));
        }
    }

    /** Connections that keep the server busy while its CPU per request is measured. */
    static final int CPU_CONNECTIONS = 8;

    /** The open-loop window's rate as a fraction of the rate the busy connections reached. */
    static final double TAIL_LOAD = 0.5;

    /** Unrecorded open-loop arrivals before the open-loop window, as a fraction of its length, unless told otherwise. */
    static final double OPEN_LOOP_LEAD_IN = 0.5;

    /** Fewest round trips in the open-loop window for its p99 to count. */
    static final int TAIL_MIN_REQUESTS = 2000;

    /**
     * Connections that take the open-loop window's requests, each the next due one when it is free. One thread paces
     * the arrivals for all and one selector thread drives the connections ({@link OpenLoop}), as the validation's
     * load generator does: the client shares the cores with the server it measures, and its own wake-ups were the
     * tail (mlp at 8,200/s: p99 12.7 ms with a pacing thread per connection for 8 connections, 23.2 ms for 64; one
     * pacer and a blocked thread per connection measured 4.3-19 ms between profiles).
     */
    static final int TAIL_CONNECTIONS = 64;

    /**
     * How far above the in-process call's CPU a served worker's CPU per request may be without counting as serving's:
     * the machine's speed drifts between the grid and the probe (ResNet-18's in-process calls: 44.3-51.4 ms p50 within
     * one benchmark run), and intra-op threads spin at their barriers while the event loop holds one of their cores.
     */
    static final double CALL_DRIFT = 0.25;

    /** How long the server may take to load the model and warm its worker. */
    static final double READY_TIMEOUT_SECONDS = 120;

    private final Launch launch;
    private final Map<String, String> env;
    private final PrintStream log;
    private final ServerThreads threads = ServerThreads.linux();

    RequestCostProbe(Launch launch, Map<String, String> env, PrintStream log) {
        this.launch = launch;
        this.env = env;
        this.log = log;
    }

    /**
     * @param serverEnv the model's settings for the server (KINFER_MODEL_URI, signature, device)
     * @param call      the in-process 1 worker x batch 1 point, with its process CPU time
     * @param leadInSeconds unrecorded Poisson arrivals before the open-loop (tail) window
     * @param readyTimeoutSeconds how long the server may take to load the model and warm up
     */
    Optional<Measured> measure(Map<String, String> serverEnv, byte[] body, PointResult call, double warmupSeconds,
                               double seconds, double leadInSeconds, double readyTimeoutSeconds) {
        Path output = null;
        Process server = null;
        try {
            int port = freePort();
            output = Files.createTempFile("kinfer-profile-server", ".log");
            ProcessBuilder builder = new ProcessBuilder(command()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(env);
            builder.environment().putAll(serverEnv);
            builder.environment().putAll(Map.of("QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT",
                    Integer.toString(port), "KINFER_MODEL_NAME", "profile", "KINFER_WORKERS", "1",
                    "KINFER_MAX_BATCH_SIZE", "1", "KINFER_MAX_BATCH_DELAY_MS", "0", "KINFER_SHUTDOWN_DRAIN", "0S",
                    "KINFER_PARENT_PID", Long.toString(ProcessHandle.current().pid())));
            server = builder.start();
            awaitReady(server, port, readyTimeoutSeconds, output);
            byte[] request = LoopbackClient.post("/v2/models/profile/infer", "application/json", body);
            // Warm up busy, as the CPU measurement runs: the JIT compiles the request path after some tens of
            // thousands of requests, and a server still compiling showed twice the CPU per request.
            concurrently(port, request, warmupSeconds);
            Latencies roundTrips = new Latencies();
            try (LoopbackClient client = new LoopbackClient(port, 30_000)) {
                run(client, request, seconds, roundTrips);
            }
            Optional<ServerThreads.Ticks> ticksBefore = threads.ticks(server.pid());
            long cpuBefore = ProcessCpu.nanos(server.toHandle());
            long answered = concurrently(port, request, seconds);
            long cpuAfter = ProcessCpu.nanos(server.toHandle());
            Optional<ServerThreads.Shares> busyShare = ServerThreads.between(ticksBefore, threads.ticks(server.pid()));
            if (cpuBefore < 0 || cpuAfter < 0) {
                log.println("profile: request cost not measured: this system does not report the CPU time of"
                        + " another process");
                return Optional.empty();
            }
            long[] sorted = Latencies.merged(roundTrips);
            double p50 = Latencies.percentile(sorted, 0.5) / 1e6;
            double serverCpu = steady(cpuAfter - cpuBefore, busyShare) / 1e6 / answered;
            double overhead = Math.max(0, p50 - call.p50Millis());
            Optional<Tail> tail = openLoopWindow(server.toHandle(), port, request, TAIL_LOAD * answered / seconds,
                    seconds, leadInSeconds, call, overhead);
            // Served traffic arrives open-loop: a server that is not kept busy wakes up for more of its requests, and
            // its CPU per request is the open-loop window's (mlp: 2.5x the busy figure), when there was one.
            double windowCpu = tail.map(Tail::serverCpuMillis).orElse(serverCpu);
            Optional<ServerThreads.Shares> share = tail.flatMap(Tail::shares).or(() -> busyShare);
            return Optional.of(new Measured(overhead, requestCpuMillis(windowCpu, share, call.cpuMillisPerCall()), p50,
                    serverCpu, sorted.length + answered + tail.map(Tail::requests).orElse(0L), tail, share));
        } catch (IOException | RuntimeException e) {
            log.println("profile: request cost not measured: " + e.getMessage() + tail(output));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            stop(server);
            delete(output);
        }
    }

    /**
     * A served request's CPU beyond its model call, from the server's CPU per request in a window (its JIT compiler's
     * part already left out: a probe's windows last seconds, a served pod hours), the part of it the worker threads
     * used, and the in-process call's CPU: the other threads' part (event loop, parsing, garbage collection) plus
     * whatever the workers used beyond the call and its {@link #CALL_DRIFT} (their hand-off per request: mlp's
     * workers used 2.5x its call). Subtracting the call from the whole process instead left ResNet-18's request CPU
     * to the drift of a 50 CPU-ms call and to its JIT (12.3, then 22.6 CPU-ms in two profiles). Without per-thread
     * figures, the whole process less the call.
     */
    static double requestCpuMillis(double serverCpuMillis, Optional<ServerThreads.Shares> shares, double callCpuMillis) {
        if (shares.isEmpty()) {
            return Math.max(0, serverCpuMillis - callCpuMillis);
        }
        double workers = serverCpuMillis * shares.get().workersOfSteady();
        return serverCpuMillis - workers + Math.max(0, workers - (1 + CALL_DRIFT) * callCpuMillis);
    }

    /** CPU nanoseconds less the JIT compiler's part, where the threads were read. */
    private static double steady(double nanos, Optional<ServerThreads.Shares> shares) {
        return shares.map(s -> s.steady(nanos)).orElse(nanos);
    }

    /**
     * What to set aside from the budget for measurements of this many seconds: a warm-up of the same length, the
     * latency window, the CPU window, the open-loop window and the lead-in before it, and about 10 s for a JVM to start and a
     * small model to load (a large one takes longer, and the run overshoots).
     */
    static double reserveSeconds(double seconds, double leadInSeconds) {
        return 10 + 4 * seconds + leadInSeconds;
    }

    private List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(launch.java().toString());
        command.addAll(launch.jvmOptions());
        command.add("-jar");
        command.add(launch.jar().toString());
        return command;
    }

    /**
     * {@link #CPU_CONNECTIONS} connections sending back to back for the given time, so that the server is busy as
     * under load: at one connection every request pays a full wake-up of the event loop and the worker, which
     * costs several times the CPU a request costs a busy server. Returns the requests answered.
     */
    private static long concurrently(int port, byte[] request, double seconds) throws IOException, InterruptedException {
        java.util.concurrent.atomic.AtomicLong answered = new java.util.concurrent.atomic.AtomicLong();
        new Connections(port, CPU_CONNECTIONS, "kinfer-profile-request-",
                client -> answered.addAndGet(run(client, request, seconds, null))).join();
        return answered.get();
    }

    /** What one connection's thread does; an IOException ends it and fails the whole run. */
    private interface OnConnection {
        void run(LoopbackClient client) throws IOException, InterruptedException;
    }

    /** Threads that each open a connection to the server and work on it; {@link #join} throws the first failure. */
    private static final class Connections {
        private final Thread[] threads;
        private final java.util.concurrent.atomic.AtomicReference<IOException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        Connections(int port, int count, String name, OnConnection work) {
            threads = new Thread[count];
            for (int i = 0; i < count; i++) {
                threads[i] = new Thread(() -> {
                    try (LoopbackClient client = new LoopbackClient(port, 30_000)) {
                        work.run(client);
                    } catch (IOException e) {
                        failure.compareAndSet(null, e);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, name + i);
                threads[i].start();
            }
        }

        boolean failed() {
            return failure.get() != null;
        }

        void join() throws IOException, InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }

    /**
     * The open-loop window at {@code perSecond}, or empty when it would hold fewer than {@link #TAIL_MIN_REQUESTS}
     * requests. Never below the one-connection overhead: a p99 is not smaller than a p50.
     */
    private Optional<Tail> openLoopWindow(ProcessHandle server, int port, byte[] request, double perSecond, double seconds,
                                double leadInSeconds, PointResult call, double overhead)
            throws IOException, InterruptedException {
        if (perSecond * seconds < TAIL_MIN_REQUESTS) {
            log.printf("profile: request cost: overhead p99 not measured: %.1f requests/s for %.1f s is fewer than %d"
                    + " round trips%n", perSecond, seconds, TAIL_MIN_REQUESTS);
            return Optional.empty();
        }
        // Unrecorded first: the server has just left the busy window (its garbage, its JIT's last changes), and a
        // served pod has been taking this traffic for a while; the validation rig warms at the rate too.
        if (leadInSeconds > 0) {
            openLoop(port, request, perSecond, leadInSeconds);
        }
        Optional<ServerThreads.Ticks> ticksBefore = threads.ticks(server.pid());
        long serverBefore = ProcessCpu.nanos(server);
        long selfBefore = ProcessCpu.nanos();
        long start = System.nanoTime();
        Window window = openLoop(port, request, perSecond, seconds);
        long[] sorted = Latencies.merged(window.pacedByTheClient() ? window.fromDue() : window.fromSend());
        double wallNanos = System.nanoTime() - start;
        double serverNanos = ProcessCpu.nanos(server) - serverBefore;
        double selfNanos = ProcessCpu.nanos() - selfBefore;
        Optional<ServerThreads.Shares> shares = ServerThreads.between(ticksBefore, threads.ticks(server.pid()));
        double p50 = Latencies.percentile(sorted, 0.5) / 1e6;
        double p99 = Latencies.percentile(sorted, 0.99) / 1e6;
        double busy = Math.min(0.99, (serverNanos + selfNanos) / wallNanos / Runtime.getRuntime().availableProcessors());
        return Optional.of(new Tail(perSecond, sorted.length, p50, p99, Math.max(overhead, p99 - call.p50Millis()),
                steady(serverNanos, shares) / 1e6 / sorted.length, busy, shares));
    }

    /**
     * An open-loop window's round trips, timed from each request's due time and from the moment it was sent, and what
     * the open loop saw (the most connections busy at once).
     */
    record Window(Latencies fromDue, Latencies fromSend, OpenLoop.Outcome outcome) {
        /**
         * Whether some request waited for a free connection: then the server held the client back and only the due
         * time counts that wait (coordinated omission). Otherwise a request's wait before it was sent is this
         * process's own delay (its threads waiting for one of the cores it shares with the server), which a pod's
         * remote clients do not add, and the round trip from the send is what the server gave it.
         */
        boolean pacedByTheClient() {
            return !outcome.neverShortOfConnections();
        }
    }

    /**
     * Poisson arrivals at {@code perSecond} for the given time ({@link PoissonArrivals}, seeded), sent by {@link
     * OpenLoop} over {@link #TAIL_CONNECTIONS} connections: this thread paces, one selector thread sends and reads.
     * Each round trip is timed both from its due time and from its send ({@link Window}); every answer must be 200.
     */
    private static Window openLoop(int port, byte[] request, double perSecond, double seconds)
            throws IOException, InterruptedException {
        long[] offsets = PoissonArrivals.conditioned(perSecond, (long) (seconds * 1e9), new SplittableRandom(20261126L));
        Latencies fromDue = new Latencies();
        Latencies fromSend = new Latencies();
        int[] refused = new int[2]; // the first status that was not 200, and how many were not
        IOException[] failure = new IOException[1];
        OpenLoop.Outcome outcome;
        InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try (OpenLoop loop = OpenLoop.connect(server, NioConnection.direct(request), TAIL_CONNECTIONS)) {
            outcome = loop.run(System.nanoTime(), offsets, new OpenLoop.Listener() {
                @Override
                public void answered(int status, long dueNanos, long sentNanos, long answeredNanos) {
                    if (status != 200) {
                        refused[0] = refused[1]++ == 0 ? status : refused[0];
                    }
                    fromDue.add(answeredNanos - dueNanos);
                    fromSend.add(answeredNanos - sentNanos);
                }

                @Override
                public void failed(IOException error) {
                    failure[0] = failure[0] == null ? error : failure[0];
                }
            }, Duration.ofSeconds(60));
        }
        if (failure[0] != null || outcome.unsent() > 0) {
            throw new IOException("a connection to the server failed during the open-loop window ("
                    + outcome.unsent() + " requests never sent)", failure[0]);
        }
        if (refused[1] > 0) {
            throw new IOException("the server answered " + refused[0] + " to " + refused[1] + " of "
                    + outcome.answered() + " sample requests in the open-loop window");
        }
        return new Window(fromDue, fromSend, outcome);
    }

    private static void requireOk(LoopbackClient.Answer answer) throws IOException {
        if (answer.status() != 200) {
            throw new IOException("the server answered " + answer.status() + " to a sample request: "
                    + abbreviate(answer.text()));
        }
    }

    /**
     * Sends the request back to back for the given time; every answer must be 200. Returns the requests answered;
     * their round trips go to {@code into} unless it is null.
     */
    private static long run(LoopbackClient client, byte[] request, double seconds, Latencies into) throws IOException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long answered = 0;
        long now;
        do {
            long start = System.nanoTime();
            LoopbackClient.Answer answer = client.send(request);
            now = System.nanoTime();
            requireOk(answer);
            answered++;
            if (into != null) {
                into.add(now - start);
            }
        } while (now < end);
        return answered;
    }

    private static void awaitReady(Process server, int port, double timeoutSeconds, Path output)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + (long) (timeoutSeconds * 1e9);
        byte[] ready = LoopbackClient.get("/v2/health/ready");
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("the server exited with code " + server.exitValue() + " before it was ready");
            }
            try (LoopbackClient client = new LoopbackClient(port, 5_000)) {
                if (client.send(ready).status() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(100); // polling a child process's port: no event to wait on
        }
        throw new IOException("the server was not ready within " + (long) timeoutSeconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void stop(Process server) {
        if (server == null) {
            return;
        }
        server.destroy();
        try {
            if (!server.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        log.println("profile: request cost: server pid " + server.pid() + (server.isAlive() ? " still running" : " stopped"));
    }

    private static String tail(Path output) {
        if (output == null) {
            return "";
        }
        try {
            List<String> lines = Files.readAllLines(output);
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
            return last.isEmpty() ? "" : "; the server's last lines: " + String.join(" | ", last);
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static void delete(Path output) {
        if (output != null) {
            try {
                Files.deleteIfExists(output);
            } catch (IOException e) {
                // a temp file left behind is harmless
            }
        }
    }

    private static String abbreviate(String text) {
        String line = text.strip().replace('\n', ' ');
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
