package dev.kinfer.common;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Which parts of a server process's CPU time its inference workers and its JIT compiler used, read from Linux's
 * per-thread clock ticks ({@code /proc/PID/task/TID/stat}, named by {@code comm}). A worker thread is named
 * {@code kinfer-worker-N}, and the intra-op threads the engine starts from it (OpenMP's) inherit that name, so the
 * workers' ticks hold the model's calls. HotSpot's compiler threads ({@code C1 CompilerThread0}, ...) compile the
 * request path during a server's first minutes: CPU a server in service no longer spends. Everything else (event
 * loop, JSON parsing, garbage collection) is what serving adds to each request. The profile's request-cost probe and
 * the planner validation read a runtime's threads with it.
 */
public final class ServerThreads {
    /** The name the runtime's worker threads start with ({@code WorkerPool}); 15 characters fit in {@code comm}. */
    public static final String WORKER_THREAD_PREFIX = "kinfer-worker-";
    /** In the 15 characters of a JIT compiler thread's {@code comm}. */
    static final String COMPILER_THREAD_NAME = "CompilerThre";
    /** The first 15 characters of a Vert.x event-loop thread's name ({@code vert.x-eventloop-thread-N}). */
    static final String EVENT_LOOP_THREAD_NAME = "vert.x-eventloo";

    /**
     * Clock ticks of the whole process (threads that have exited included), its workers, its compiler, its event
     * loops (HTTP, parsing small bodies, writing answers) and its garbage collector ({@code GC Thread#N}, {@code G1
     * ...}) now.
     */
    public record Ticks(long process, long workers, long compiler, long eventLoops, long collector) {
        public static final Ticks NONE = new Ticks(0, 0, 0, 0, 0);

        /** The ticks that passed from {@code earlier} to this reading. */
        public Ticks since(Ticks earlier) {
            return new Ticks(process - earlier.process, workers - earlier.workers, compiler - earlier.compiler,
                    eventLoops - earlier.eventLoops, collector - earlier.collector);
        }

        public Ticks plus(Ticks other) {
            return new Ticks(process + other.process, workers + other.workers, compiler + other.compiler,
                    eventLoops + other.eventLoops, collector + other.collector);
        }

        /** The process's ticks that none of the named groups used. */
        public long rest() {
            return process - workers - compiler - eventLoops - collector;
        }
    }

    /** Fractions of a window's process ticks. */
    public record Shares(double workers, double compiler) {
        /** A window's CPU time less the compiler's part: what the server would have used once compiled. */
        public double steady(double cpu) {
            return cpu * (1 - compiler);
        }

        /** The workers' part of {@link #steady}. */
        public double workersOfSteady() {
            return compiler >= 1 ? 0 : workers / (1 - compiler);
        }
    }

    private final Path proc;

    public ServerThreads(Path proc) {
        this.proc = proc;
    }

    public static ServerThreads linux() {
        return new ServerThreads(Path.of("/proc"));
    }

    /** The ticks of {@code pid} now; empty where there is no {@code /proc} or the process is gone. */
    public Optional<Ticks> ticks(long pid) {
        Path process = proc.resolve(Long.toString(pid));
        try {
            long total = ticksOf(Files.readString(process.resolve("stat")));
            long workers = 0;
            long compiler = 0;
            long eventLoops = 0;
            long collector = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(process.resolve("task"))) {
                for (Path task : tasks) {
                    try {
                        String name = Files.readString(task.resolve("comm"));
                        if (name.startsWith(WORKER_THREAD_PREFIX)) {
                            workers += ticksOf(Files.readString(task.resolve("stat")));
                        } else if (name.contains(COMPILER_THREAD_NAME)) {
                            compiler += ticksOf(Files.readString(task.resolve("stat")));
                        } else if (name.startsWith(EVENT_LOOP_THREAD_NAME)) {
                            eventLoops += ticksOf(Files.readString(task.resolve("stat")));
                        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                            collector += ticksOf(Files.readString(task.resolve("stat")));
                        }
                    } catch (IOException exited) {
                        // the thread ended between the listing and the read: its ticks are in the process's
                    }
                }
            }
            return Optional.of(new Ticks(total, workers, compiler, eventLoops, collector));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The workers' and the compiler's shares of the ticks between two readings; empty when unknown or none passed. */
    public static Optional<Shares> between(Optional<Ticks> before, Optional<Ticks> after) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        Ticks window = after.get().since(before.get());
        if (window.process() <= 0 || window.workers() < 0 || window.compiler() < 0) {
            return Optional.empty();
        }
        double workerShare = Math.min(1.0, (double) window.workers() / window.process());
        return Optional.of(new Shares(workerShare,
                Math.min(1.0 - workerShare, (double) window.compiler() / window.process())));
    }

    /**
     * utime + stime of a {@code stat} line: the 14th and 15th fields, counted after the command name's closing
     * parenthesis (the name itself may hold spaces and parentheses). Clock ticks are 1/100 s (Linux's USER_HZ).
     */
    public static long ticksOf(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is the 3rd field (state): utime is the 14th field, stime the 15th
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
