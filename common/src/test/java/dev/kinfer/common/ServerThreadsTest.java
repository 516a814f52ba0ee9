package dev.kinfer.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

class ServerThreadsTest {

    @Test
    void readsUserAndSystemTicksAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (kinfer (x) 1) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 56 0 0 20 0 9 0 100 1000 10";
        assertEquals(1234 + 56, ServerThreads.ticksOf(stat));
    }

    @Test
    void addsUpTheWorkersWithTheirIntraOpThreadsTheCompilerEventLoopAndCollectorThreads(@TempDir Path proc)
            throws Exception {
        Path process = proc.resolve("77");
        task(process, "77", "java", 5, 1);
        task(process, "78", "kinfer-worker-0", 300, 20);
        task(process, "79", "kinfer-worker-0", 250, 10); // an OpenMP thread started by worker 0 inherits its name
        task(process, "80", "vert.x-eventloo", 40, 30);
        task(process, "81", "kinfer-worker-1", 100, 0);
        task(process, "82", "C2 CompilerThre", 70, 2);
        task(process, "83", "C1 CompilerThre", 8, 0);
        task(process, "84", "vert.x-eventloo", 12, 3);
        task(process, "85", "GC Thread#0", 9, 1);
        task(process, "86", "G1 Conc#0", 4, 0);
        task(process, "87", "vert.x-worker-t", 50, 0); // not an event loop
        Files.writeString(process.resolve("stat"), stat("java", 900, 100));

        ServerThreads.Ticks ticks = new ServerThreads(proc).ticks(77).orElseThrow();
        assertEquals(new ServerThreads.Ticks(1000, 680, 80, 85, 14), ticks);
        assertEquals(1000 - 680 - 80 - 85 - 14, ticks.rest());
    }

    @Test
    void theSharesAreTheWorkersAndCompilersPartsOfTheTicksBetweenTwoReadings() {
        Optional<ServerThreads.Ticks> before = Optional.of(new ServerThreads.Ticks(1000, 680, 80, 60, 10));
        Optional<ServerThreads.Ticks> after = Optional.of(new ServerThreads.Ticks(1400, 980, 120, 90, 15));

        ServerThreads.Shares shares = ServerThreads.between(before, after).orElseThrow();
        assertEquals(0.75, shares.workers(), 1e-12);
        assertEquals(0.10, shares.compiler(), 1e-12);
        assertEquals(90.0, shares.steady(100), 1e-9, "the CPU without the compiler's part");
        assertEquals(0.75 / 0.9, shares.workersOfSteady(), 1e-12);
        assertEquals(Optional.empty(), ServerThreads.between(before, before), "no tick passed");
        assertEquals(Optional.empty(), ServerThreads.between(Optional.empty(), after));
    }

    @Test
    void ticksSubtractAndAddGroupByGroup() {
        ServerThreads.Ticks before = new ServerThreads.Ticks(1000, 680, 80, 60, 10);
        ServerThreads.Ticks after = new ServerThreads.Ticks(1400, 980, 120, 90, 15);

        ServerThreads.Ticks window = after.since(before);
        assertEquals(new ServerThreads.Ticks(400, 300, 40, 30, 5), window);
        assertEquals(25, window.rest());
        assertEquals(new ServerThreads.Ticks(800, 600, 80, 60, 10), window.plus(window));
        assertEquals(window, ServerThreads.Ticks.NONE.plus(window));
    }

    @Test
    void aProcessThatIsNotThereHasNoTicks(@TempDir Path proc) {
        assertEquals(Optional.empty(), new ServerThreads(proc).ticks(12345));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void findsAJavaThreadByTheNameItWasStartedWith() throws Exception {
        ServerThreads linux = ServerThreads.linux();
        long pid = ProcessHandle.current().pid();
        long before = linux.ticks(pid).orElseThrow().workers();
        AtomicBoolean stop = new AtomicBoolean();
        long[] spins = new long[1];
        Thread worker = new Thread(() -> {
            while (!stop.get()) {
                spins[0]++; // burns CPU until told to stop
            }
        }, "kinfer-worker-test");
        worker.start();
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> linux.ticks(pid).orElseThrow().workers() > before);
        } finally {
            stop.set(true);
            worker.join();
        }
        assertTrue(spins[0] > 0);
    }

    private static void task(Path process, String tid, String comm, long utime, long stime) throws Exception {
        Path task = Files.createDirectories(process.resolve("task").resolve(tid));
        Files.writeString(task.resolve("comm"), comm + "\n");
        Files.writeString(task.resolve("stat"), stat(comm, utime, stime));
    }

    private static String stat(String comm, long utime, long stime) {
        return "77 (" + comm + ") S 1 77 77 0 -1 4194560 100 0 0 0 " + utime + " " + stime + " 0 0 20 0 9 0 100 1000 10\n";
    }
}
