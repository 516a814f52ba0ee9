package dev.kinfer.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryAccountingTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void contextIsTheMemoryBeforeTheModelAndWeightsTheIncreaseFromLoadingIt() {
        MemoryAccounting m = MemoryAccounting.of(180 * MIB, 226 * MIB, 45 * MIB);
        assertEquals(180, m.contextMiB());
        assertEquals(46, m.weightsMiB());
        assertFalse(m.weightsFromFile());
    }

    @Test
    void anIncreaseBelowTheNoiseFloorFallsBackToTheFileSize() {
        MemoryAccounting m = MemoryAccounting.of(180 * MIB, 182 * MIB, 31688);
        assertEquals(31688.0 / MIB, m.weightsMiB(), 1e-12);
        assertTrue(m.weightsFromFile());
    }

    @Test
    void aPointIsItsPeakBeyondTheContextSoContextPlusPointIsTheProcess() {
        MemoryAccounting m = MemoryAccounting.of(180 * MIB, 226 * MIB, 45 * MIB);
        assertEquals(120, m.pointMiB(300 * MIB));
        assertEquals(300, m.contextMiB() + m.pointMiB(300 * MIB));
    }

    @Test
    void aPointNeverHoldsLessThanOneCopyOfTheWeights() {
        MemoryAccounting m = MemoryAccounting.of(180 * MIB, 226 * MIB, 45 * MIB);
        assertEquals(46, m.pointMiB(200 * MIB));
    }

    @Test
    void rssIsReadFromTheVmRssLine() {
        assertEquals(245_312L * 1024, ProcessMemory.parseRssBytes("Name:\tjava\nVmHWM:\t  300000 kB\nVmRSS:\t  245312 kB\n"));
    }

    @Test
    void processMemoryOnThisMachineIsTheRss() {
        assertTrue(new ProcessMemory().usedBytes() > 10 * MIB);
    }
}
