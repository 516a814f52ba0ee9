package dev.kinfer.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Threads inside one libtorch call: the workers share the cores instead of each taking all of them. */
class IntraOpThreadsTest {

    @Test
    void onACpuTheWorkersShareTheCores() {
        assertEquals(1, IntraOpThreads.resolve(0, false, 2, 2));
        assertEquals(2, IntraOpThreads.resolve(0, false, 8, 3));
        assertEquals(4, IntraOpThreads.resolve(0, false, 4, 1));
    }

    @Test
    void moreWorkersThanCoresStillGetOneThreadEach() {
        assertEquals(1, IntraOpThreads.resolve(0, false, 2, 8));
    }

    @Test
    void aConfiguredCountWinsOnAnyDevice() {
        assertEquals(3, IntraOpThreads.resolve(3, false, 2, 2));
        assertEquals(3, IntraOpThreads.resolve(3, true, 2, 2));
    }

    @Test
    void onAGpuLibtorchsDefaultIsLeftAlone() {
        assertEquals(IntraOpThreads.DEFAULT, IntraOpThreads.resolve(0, true, 16, 4));
    }
}
