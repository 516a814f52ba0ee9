package dev.kinfer.e2e.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeapReadingsTest {

    @Test
    void takesTheLargestHeapBeforeAndAfterAnyPauseFromAGcLog() {
        HeapReadings.GcSummary gc = HeapReadings.gcLog(List.of(
                "[0.011s][info][gc] Using G1",
                "[1.234s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 23M->4M(256M) 3.211ms",
                "[5.100s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 141M->66M(165M) 18.492ms",
                "[5.200s][info][gc] GC(2) Concurrent Mark Cycle 12.345ms",
                "[5.300s][info][gc] GC(2) Pause Remark 70M->70M(165M) 1.002ms",
                "[9.000s][info][gc] GC(3) Pause Full (System.gc()) 90M->12M(64M) 30.000ms"));

        assertEquals(4, gc.pauses());
        assertEquals(141L << 20, gc.maxBeforeBytes());
        assertEquals(70L << 20, gc.maxAfterBytes());
        assertEquals(256L << 20, gc.maxCommittedBytes());
    }

    @Test
    void readsKilobytesAndGigabytes() {
        HeapReadings.GcSummary gc = HeapReadings.gcLog(List.of(
                "[0.5s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 2048K->512K(1G) 1.0ms"));

        assertEquals(2048L << 10, gc.maxBeforeBytes());
        assertEquals(512L << 10, gc.maxAfterBytes());
        assertEquals(1L << 30, gc.maxCommittedBytes());
    }

    @Test
    void aLogWithoutPausesSaysSo() {
        assertEquals(new HeapReadings.GcSummary(0, 0, 0, 0),
                HeapReadings.gcLog(List.of("[0.011s][info][gc] Using G1")));
    }

    @Test
    void addsUpTheHeapPoolsOfThePrometheusText() {
        String metrics = """
                # TYPE jvm_memory_used_bytes gauge
                # HELP jvm_memory_used_bytes The amount of used memory
                jvm_memory_used_bytes{area="heap",id="G1 Survivor Space"} 1048576.0
                jvm_memory_used_bytes{area="heap",id="G1 Old Gen"} 3.3554432E7
                jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 5.0E7
                jvm_memory_used_bytes{area="heap",id="G1 Eden Space"} 2097152.0
                jvm_memory_max_bytes{area="heap",id="G1 Old Gen"} 2.68435456E8
                """;

        assertEquals(1048576L + 33554432L + 2097152L, HeapReadings.heapUsedBytes(metrics));
    }

    @Test
    void noHeapSeriesIsMinusOne() {
        assertEquals(-1, HeapReadings.heapUsedBytes("jvm_threads_live_threads 12.0\n"));
    }
}
