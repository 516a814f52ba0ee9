package dev.kinfer.runtime.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kinfer.runtime.model.ModelNotReadyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The batching rule the capacity planner relies on, and deadlines, specified on the queue alone. */
class JobQueueBatchingTest {
    private final List<InferenceJob> expired = new ArrayList<>();

    private static InferenceJob job(String key, int samples) {
        return InferenceJob.of(List.of(), key, samples, InferenceJob.NO_DEADLINE);
    }

    /** A request that arrived this many milliseconds ago. */
    private static InferenceJob arrivedAgo(long millis) {
        return new InferenceJob(List.of(), new CompletableFuture<>(), System.nanoTime() - millis * 1_000_000L,
                InferenceJob.NO_DEADLINE, "k", 1, new AtomicInteger());
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
    void withNoDelayAWorkerTakesTheCompatibleRequestsAlreadyQueued() throws InterruptedException {
        JobQueue queue = queue(8, 0);
        InferenceJob first = job("k", 1);
        InferenceJob second = job("k", 1);
        queue.submit(first);
        queue.submit(second);

        assertThat(queue.nextBatch()).containsExactly(first, second);
    }

    @Test
    void aBatchClosesWhenItsDelayEndsEvenWithEveryWorkerBusyAndDoesNotGrowWhileItWaits() throws InterruptedException {
        // Nobody takes anything while six requests arrive: the first three fall within 40 ms of the first, the
        // last three open the next batch, which is due by now too.
        JobQueue queue = queue(8, 40);
        InferenceJob first = arrivedAgo(200);
        InferenceJob second = arrivedAgo(190);
        InferenceJob third = arrivedAgo(165);
        InferenceJob fourth = arrivedAgo(150);
        InferenceJob fifth = arrivedAgo(140);
        InferenceJob sixth = arrivedAgo(120);
        List.of(first, second, third, fourth, fifth, sixth).forEach(queue::submit);

        assertThat(queue.nextBatch()).containsExactly(first, second, third);
        assertThat(queue.nextBatch()).containsExactly(fourth, fifth, sixth);
        assertEquals(0, queue.size());
    }

    @Test
    void requestsJoinTheOneOpenBatchHoweverManyWorkersWait() throws Exception {
        JobQueue queue = queue(4, 60_000);
        CompletableFuture<List<InferenceJob>> one = CompletableFuture.supplyAsync(() -> next(queue));
        CompletableFuture<List<InferenceJob>> other = CompletableFuture.supplyAsync(() -> next(queue));
        List<InferenceJob> jobs = List.of(job("k", 1), job("k", 1), job("k", 1), job("k", 1));
        for (InferenceJob job : jobs) {
            // both workers back to waiting before the next arrival: neither may have taken a request for itself
            await().atMost(Duration.ofSeconds(10)).until(() -> queue.waitingWorkers() == 2);
            queue.submit(job);
        }

        List<InferenceJob> batch = CompletableFuture.anyOf(one, other).thenApply(b -> (List<?>) b).get(10, TimeUnit.SECONDS)
                .stream().map(InferenceJob.class::cast).toList();
        assertThat(batch).as("one batch of four, not one per idle worker").containsExactlyElementsOf(jobs);
        queue.close();
        assertThat(List.of(one.get(10, TimeUnit.SECONDS), other.get(10, TimeUnit.SECONDS))).contains(List.of());
    }

    @Test
    void aJobExpiredByItsTimerLeavesItsOpenBatchAndFreesItsPlace() throws InterruptedException {
        JobQueue queue = queue(3, 60_000);
        InferenceJob timedOut = job("k", 1);
        InferenceJob a = job("k", 1);
        queue.submit(timedOut);
        queue.submit(a);

        assertThat(queue.expire(timedOut)).isTrue();
        assertEquals(1, queue.size());
        InferenceJob b = job("k", 1);
        InferenceJob c = job("k", 1);
        queue.submit(b);
        queue.submit(c);

        assertThat(queue.nextBatch()).as("full at three live samples").containsExactly(a, b, c);
    }

    @Test
    void closingDispatchesOpenBatchesWithoutWaitingForTheirDelay() throws InterruptedException {
        JobQueue queue = queue(8, 60_000);
        InferenceJob open = job("k", 1);
        queue.submit(open);
        queue.close();

        assertThat(queue.nextBatch()).containsExactly(open);
        assertThat(queue.nextBatch()).isEmpty();
    }

    @Test
    void drainHandsBackOpenAndClosedBatchesAlike() {
        JobQueue queue = queue(2, 60_000);
        InferenceJob full1 = job("k", 1);
        InferenceJob full2 = job("k", 1);
        InferenceJob open = job("k", 1);
        List.of(full1, full2, open).forEach(queue::submit);

        assertThat(queue.drain()).containsExactlyInAnyOrder(full1, full2, open);
        assertEquals(0, queue.size());
    }

    private static List<InferenceJob> next(JobQueue queue) {
        try {
            return queue.nextBatch();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
