package dev.kinfer.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kinfer.runtime.model.ModelNotReadyException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The batching rule the capacity planner relies on, and deadlines, specified on the queue alone. */
class JobQueueBatchingTest {
    private final List<InferenceJob> expired = new ArrayList<>();

    private static InferenceJob job(String key, int samples) {
        return InferenceJob.of(List.of(), key, samples, InferenceJob.NO_DEADLINE);
    }

    private JobQueue queue(int maxBatch, long delayMillis) {
        return new JobQueue(64, maxBatch, delayMillis, expired::add);
    }

    @Test
    void dispatchesABatchAsSoonAsItHoldsMaxBatchSizeSamples() throws InterruptedException {
        JobQueue queue = queue(4, 60_000);
        InferenceJob a = job("k", 1);
        InferenceJob b = job("k", 2);
        InferenceJob c = job("k", 1);
        InferenceJob d = job("k", 1);
        List.of(a, b, c, d).forEach(queue::submit);

        assertThat(queue.nextBatch()).containsExactly(a, b, c);
        assertEquals(1, queue.size());
    }

    @Test
    void dispatchesAPartialBatchWhenTheDelayHasPassedSinceItsFirstRequestArrived() throws InterruptedException {
        JobQueue queue = queue(8, 40);
        InferenceJob first = job("k", 1);
        queue.submit(first);
        long start = first.enqueuedNanos();

        List<InferenceJob> batch = queue.nextBatch();

        assertThat(batch).containsExactly(first);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
    }

    @Test
    void doesNotWaitForAFirstRequestThatArrivedLongerThanTheDelayAgo() throws InterruptedException {
        JobQueue queue = queue(8, 0);
        InferenceJob first = job("k", 1);
        InferenceJob second = job("k", 1);
        queue.submit(first);
        queue.submit(second);

        assertThat(queue.nextBatch()).containsExactly(first, second);
    }

    @Test
    void stacksOnlyRequestsWithTheSameBatchKey() throws InterruptedException {
        JobQueue queue = queue(8, 0);
        InferenceJob a = job("fp32:16", 1);
        InferenceJob other = job("fp32:8", 1);
        InferenceJob b = job("fp32:16", 1);
        List.of(a, other, b).forEach(queue::submit);

        assertThat(queue.nextBatch()).containsExactly(a, b);
        assertThat(queue.nextBatch()).containsExactly(other);
    }

    @Test
    void runsARequestLargerThanTheMaxBatchAlone() throws InterruptedException {
        JobQueue queue = queue(4, 60_000);
        InferenceJob big = job("k", 9);
        queue.submit(big);
        queue.submit(job("k", 1));

        assertThat(queue.nextBatch()).containsExactly(big);
    }

    @Test
    void neverBatchesJobsWithoutAKey() throws InterruptedException {
        JobQueue queue = queue(8, 60_000);
        InferenceJob a = job(null, 1);
        queue.submit(a);
        queue.submit(job(null, 1));

        assertThat(queue.nextBatch()).containsExactly(a);
    }

    @Test
    void skipsAJobWhoseDeadlinePassedInTheQueueAndReportsIt() throws InterruptedException {
        JobQueue queue = queue(1, 0);
        InferenceJob late = InferenceJob.of(List.of(), null, 1, System.nanoTime() - 1);
        InferenceJob onTime = job(null, 1);
        queue.submit(late);
        queue.submit(onTime);

        assertThat(queue.nextBatch()).containsExactly(onTime);
        assertThat(expired).containsExactly(late);
    }

    @Test
    void neverHandsOutAJobExpiredByItsTimer() throws InterruptedException {
        JobQueue queue = queue(1, 0);
        InferenceJob timedOut = job(null, 1);
        InferenceJob next = job(null, 1);
        queue.submit(timedOut);
        queue.submit(next);

        assertThat(queue.expire(timedOut)).isTrue();
        assertThat(queue.nextBatch()).containsExactly(next);
        assertThat(queue.expire(next)).as("a job a worker took cannot expire").isFalse();
    }

    @Test
    void afterCloseHandsOutWhatIsQueuedThenAnEmptyBatchAndRefusesNewJobs() throws InterruptedException {
        JobQueue queue = queue(1, 0);
        InferenceJob queued = job(null, 1);
        queue.submit(queued);
        queue.close();

        assertThrows(ModelNotReadyException.class, () -> queue.submit(job(null, 1)));
        assertThat(queue.nextBatch()).containsExactly(queued);
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void countsRequestsNotSamplesAgainstTheCapacity() {
        JobQueue queue = new JobQueue(2, 64, 0, expired::add);
        queue.submit(job("k", 32));
        queue.submit(job("k", 32));
        assertThrows(CapacityExceededException.class, () -> queue.submit(job("k", 1)));
    }
}
