package dev.kinfer.runtime.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobQueueTest {

    @Test
    void refusesAJobBeyondItsCapacityWithATypedException() {
        JobQueue queue = new JobQueue(2);
        queue.submit(InferenceJob.of(List.of()));
        queue.submit(InferenceJob.of(List.of()));
        CapacityExceededException e = assertThrows(CapacityExceededException.class, () -> queue.submit(InferenceJob.of(List.of())));
        assertEquals(2, e.capacity());
    }

    @Test
    void handsJobsOutInArrivalOrder() throws InterruptedException {
        JobQueue queue = new JobQueue(4);
        InferenceJob first = InferenceJob.of(List.of());
        InferenceJob second = InferenceJob.of(List.of());
        queue.submit(first);
        queue.submit(second);
        assertSame(first, queue.nextBatch().get(0));
        assertSame(second, queue.nextBatch().get(0));
    }

    @Test
    void drainsWaitingJobsSoTheyCanBeFailedAtShutdown() {
        JobQueue queue = new JobQueue(4);
        queue.submit(InferenceJob.of(List.of()));
        assertEquals(1, queue.drain().size());
        assertEquals(0, queue.size());
    }
}
