package dev.kinfer.runtime.worker;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * The one bounded queue every worker takes from. Workers ask for a <em>batch</em> rather than a
 * job so dynamic batching (gather up to max-batch-size jobs within max-batch-delay) can be added
 * here, in {@link #nextBatch()}, without touching the workers; today a batch is one job.
 */
public class JobQueue {
    private final BlockingQueue<InferenceJob> jobs;
    private final int capacity;

    public JobQueue(int capacity) {
        this.capacity = capacity;
        this.jobs = new ArrayBlockingQueue<>(capacity);
    }

    /** Enqueues without waiting: a full queue is the caller's signal to shed load. */
    public void submit(InferenceJob job) {
        if (!jobs.offer(job)) {
            throw new CapacityExceededException(capacity);
        }
    }

    /** Blocks until there is work; the returned list is never empty. */
    public List<InferenceJob> nextBatch() throws InterruptedException {
        return List.of(jobs.take());
    }

    /** Removes and returns whatever is still waiting, so the caller can fail it instead of leaving it hanging. */
    public List<InferenceJob> drain() {
        List<InferenceJob> left = new java.util.ArrayList<>();
        jobs.drainTo(left);
        return left;
    }

    public int size() {
        return jobs.size();
    }
}
