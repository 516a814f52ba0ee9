package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.model.ModelNotReadyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The bounded queue every worker takes from, and the dynamic batcher.
 *
 * <p>The batching rule (the capacity planner relies on it): a batch opens at the arrival of its first
 * request and is dispatched as soon as it holds {@code maxBatchSize} samples, or when {@code
 * maxBatchDelay} has passed since that first request arrived, whichever comes first. Only requests
 * with the same batch key (same datatypes and same shapes but for the first dimension) join a batch;
 * a request with {@code maxBatchSize} samples or more runs alone. A request that arrived long enough
 * ago (the workers were busy) is dispatched with whatever compatible requests are queued, at once.
 *
 * <p>Capacity counts requests, not samples. Jobs whose deadline passed are removed and failed with
 * {@link DeadlineExceededException}, never run.
 */
public class JobQueue {
    private final ArrayDeque<InferenceJob> jobs = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Idle workers wait here; one is woken per new job. */
    private final Condition notEmpty = lock.newCondition();
    /** Workers holding an open batch wait here for compatible jobs; all are woken per new job. */
    private final Condition arrived = lock.newCondition();
    private int gathering;
    private final int capacity;
    private final int maxBatchSize;
    private final long maxBatchDelayNanos;
    private final Consumer<InferenceJob> onExpired;
    private volatile int size;
    private boolean closed;

    public JobQueue(int capacity) {
        this(capacity, 1, 0, job -> { });
    }

    /** @param onExpired called (outside the lock) for every job skipped because its deadline passed */
    public JobQueue(int capacity, int maxBatchSize, long maxBatchDelayMillis, Consumer<InferenceJob> onExpired) {
        this.capacity = capacity;
        this.maxBatchSize = maxBatchSize;
        this.maxBatchDelayNanos = TimeUnit.MILLISECONDS.toNanos(maxBatchDelayMillis);
        this.onExpired = onExpired;
    }

    /** Enqueues without waiting: a full queue is the caller's signal to shed load. */
    public void submit(InferenceJob job) {
        lock.lock();
        try {
            if (closed) {
                throw new ModelNotReadyException("the server is shutting down and takes no new requests; retry on another replica");
            }
            if (jobs.size() >= capacity) {
                throw new CapacityExceededException(capacity);
            }
            jobs.addLast(job);
            size = jobs.size();
            notEmpty.signal();
            if (gathering > 0) {
                arrived.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until there is work and returns the next batch, every job in it claimed for running.
     * Returns an empty list only once the queue is closed and empty: the worker may then stop.
     */
    public List<InferenceJob> nextBatch() throws InterruptedException {
        List<InferenceJob> expired = new ArrayList<>();
        try {
            return gather(expired);
        } finally {
            expired.forEach(onExpired);
        }
    }

    private List<InferenceJob> gather(List<InferenceJob> expired) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            InferenceJob first;
            while ((first = pollLive(expired)) == null) {
                if (closed) {
                    return List.of();
                }
                notEmpty.await();
            }
            List<InferenceJob> batch = new ArrayList<>();
            batch.add(first);
            if (first.batchKey() == null || first.samples() >= maxBatchSize) {
                if (!jobs.isEmpty()) {
                    notEmpty.signal(); // what is left is for another worker
                }
                return batch;
            }
            int samples = first.samples();
            long dispatchAt = first.enqueuedNanos() + maxBatchDelayNanos;
            while (true) {
                samples = addCompatible(first, batch, samples, expired);
                long left = dispatchAt - System.nanoTime();
                if (samples >= maxBatchSize || left <= 0 || closed) {
                    if (!jobs.isEmpty()) {
                        notEmpty.signal(); // what this batch left behind is for another worker
                    }
                    return batch;
                }
                gathering++;
                try {
                    arrived.awaitNanos(left);
                } finally {
                    gathering--;
                }
            }
        } finally {
            size = jobs.size();
            lock.unlock();
        }
    }

    /** The oldest job that is still worth running, claimed; expired ones are collected on the way. */
    private InferenceJob pollLive(List<InferenceJob> expired) {
        long now = System.nanoTime();
        InferenceJob job;
        while ((job = jobs.pollFirst()) != null) {
            if (job.deadlinePassed(now) && job.expire()) {
                expired.add(job);
            } else if (job.claim()) {
                return job;
            }
        }
        return null;
    }

    private int addCompatible(InferenceJob first, List<InferenceJob> batch, int samples, List<InferenceJob> expired) {
        long now = System.nanoTime();
        for (Iterator<InferenceJob> it = jobs.iterator(); it.hasNext() && samples < maxBatchSize; ) {
            InferenceJob job = it.next();
            if (!job.isQueued()) {
                it.remove();
            } else if (job.deadlinePassed(now) && job.expire()) {
                it.remove();
                expired.add(job);
            } else if (job.fitsWith(first) && samples + job.samples() <= maxBatchSize && job.claim()) {
                it.remove();
                batch.add(job);
                samples += job.samples();
            }
        }
        return samples;
    }

    /** The deadline of a queued job passed: take it out so it is never run. False if a worker has it. */
    public boolean expire(InferenceJob job) {
        if (!job.expire()) {
            return false;
        }
        lock.lock();
        try {
            jobs.remove(job);
            size = jobs.size();
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** No new jobs from now on; what is queued is still handed out, then workers get an empty batch. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            notEmpty.signalAll();
            arrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns whatever is still waiting, so the caller can fail it instead of leaving it hanging. */
    public List<InferenceJob> drain() {
        lock.lock();
        try {
            List<InferenceJob> left = new ArrayList<>();
            for (InferenceJob job : jobs) {
                if (job.claim()) {
                    left.add(job);
                }
            }
            jobs.clear();
            size = 0;
            return left;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }
}
