package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.model.ModelNotReadyException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The bounded queue every worker takes from, and the dynamic batcher.
 *
 * <p>The batching rule, the one the capacity planner's latency model assumes (docs/runtime.md, "Dynamic batching"):
 * a batch opens at the arrival of its first request and closes as soon as it holds {@code maxBatchSize} samples, or
 * when {@code maxBatchDelay} has passed since that first request arrived, whichever comes first; closed batches wait
 * for a worker in the order they closed. Batches form apart from the workers: a request arriving while all workers
 * are busy joins the open batch only if that batch is still within its delay, and a batch that closed while they
 * were busy does not grow while it waits. Only requests with the same batch key (same datatypes and shapes but for
 * the first dimension) share a batch, one open batch per key; a request with {@code maxBatchSize} samples or more,
 * or without a key, is a batch of its own; one that does not fit in what is left of the open batch closes it and
 * opens the next.
 *
 * <p>With {@code maxBatchDelay} 0 a batch is whatever compatible requests are queued when a worker takes it, up to
 * {@code maxBatchSize} samples: nothing waits for a batch to fill, and under load requests still share calls.
 *
 * <p>Capacity counts requests, not samples. Jobs whose deadline passed are removed and failed with
 * {@link DeadlineExceededException}, never run.
 */
public class JobQueue {
    private final ReentrantLock lock = new ReentrantLock();
    /** Workers wait here for a closed batch, timing the oldest open batch's delay when there is one. */
    private final Condition work = lock.newCondition();
    /** Open batches by key, oldest first: with one delay for all, also the order their delays end. */
    private final Map<String, Batch> open = new LinkedHashMap<>();
    /** Closed batches, in the order they closed. */
    private final PriorityQueue<Batch> closedBatches = new PriorityQueue<>(
            Comparator.comparingLong(Batch::closedAt).thenComparingLong(Batch::sequence));
    /** With no delay: requests waiting for a worker to take them, in arrival order. */
    private final ArrayDeque<InferenceJob> waiting = new ArrayDeque<>();
    private final int capacity;
    private final int maxBatchSize;
    private final long maxBatchDelayNanos;
    private final Consumer<InferenceJob> onExpired;
    private long sequence;
    private int queued;
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
            if (queued >= capacity) {
                throw new CapacityExceededException(capacity);
            }
            queued++;
            size = queued;
            long arrived = job.enqueuedNanos();
            if (maxBatchDelayNanos == 0) {
                waiting.addLast(job);
                work.signal();
                return;
            }
            if (job.batchKey() == null || job.samples() >= maxBatchSize) {
                close(new Batch(job, arrived, sequence++), arrived);
                return;
            }
            Batch batch = open.get(job.batchKey());
            if (batch != null && arrived - batch.dueAt() >= 0) {
                close(open.remove(job.batchKey()), batch.dueAt()); // its delay ended before this request came
                batch = null;
            }
            if (batch != null && batch.samples() + job.samples() > maxBatchSize) {
                close(open.remove(job.batchKey()), arrived); // full for this request: it opens the next
                batch = null;
            }
            if (batch == null) {
                boolean nobodyTiming = open.isEmpty();
                open.put(job.batchKey(), new Batch(job, arrived + maxBatchDelayNanos, sequence++));
                if (nobodyTiming) {
                    work.signal(); // a worker times this batch's delay
                }
                return;
            }
            batch.add(job);
            if (batch.samples() >= maxBatchSize) {
                close(open.remove(job.batchKey()), arrived);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Blocks until a batch has closed and returns it, every job in it claimed for running. Returns an empty list only
     * once the queue is closed and empty: the worker may then stop.
     */
    public List<InferenceJob> nextBatch() throws InterruptedException {
        List<InferenceJob> expired = new ArrayList<>();
        try {
            return take(expired);
        } finally {
            expired.forEach(onExpired);
        }
    }

    private List<InferenceJob> take(List<InferenceJob> expired) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (true) {
                long now = System.nanoTime();
                closeDue(now);
                List<InferenceJob> batch = claimNext(now, expired);
                if (!batch.isEmpty()) {
                    if (!closedBatches.isEmpty() || !open.isEmpty() || !waiting.isEmpty()) {
                        work.signal(); // what is left is for another worker, or its delay to time
                    }
                    return batch;
                }
                if (closed && open.isEmpty() && closedBatches.isEmpty() && waiting.isEmpty()) {
                    return List.of();
                }
                if (open.isEmpty()) {
                    work.await();
                } else {
                    work.awaitNanos(open.values().iterator().next().dueAt() - now);
                }
            }
        } finally {
            size = queued;
            lock.unlock();
        }
    }

    /** Closes the open batches whose delay has ended (all of them once the queue is closed), at their due time. */
    private void closeDue(long now) {
        for (Iterator<Batch> it = open.values().iterator(); it.hasNext(); ) {
            Batch batch = it.next();
            if (!closed && now - batch.dueAt() < 0) {
                return; // the rest opened later and are due later
            }
            it.remove();
            closedBatches.add(batch.closeAt(closed ? Math.min(now, batch.dueAt()) : batch.dueAt()));
        }
    }

    /** The oldest closed batch's jobs that are still worth running, claimed; empty when there is none. */
    private List<InferenceJob> claimNext(long now, List<InferenceJob> expired) {
        if (maxBatchDelayNanos == 0) {
            return claimWaiting(now, expired);
        }
        Batch batch;
        while ((batch = closedBatches.poll()) != null) {
            List<InferenceJob> claimed = new ArrayList<>(batch.jobs().size());
            for (InferenceJob job : batch.jobs()) {
                queued--;
                if (job.deadlinePassed(now) && job.expire()) {
                    expired.add(job);
                } else if (job.claim()) {
                    claimed.add(job);
                }
            }
            if (!claimed.isEmpty()) {
                return claimed;
            }
        }
        return List.of();
    }

    /**
     * With no delay: the oldest waiting request and every compatible one behind it, up to the batch size; a request
     * without a key or with the batch size or more goes alone.
     */
    private List<InferenceJob> claimWaiting(long now, List<InferenceJob> expired) {
        List<InferenceJob> claimed = new ArrayList<>();
        int samples = 0;
        for (Iterator<InferenceJob> it = waiting.iterator(); it.hasNext() && samples < maxBatchSize; ) {
            InferenceJob job = it.next();
            if (job.deadlinePassed(now) && job.expire()) {
                it.remove();
                queued--;
                expired.add(job);
                continue;
            }
            boolean joins = claimed.isEmpty()
                    || job.fitsWith(claimed.get(0)) && samples + job.samples() <= maxBatchSize;
            if (joins && job.claim()) {
                it.remove();
                queued--;
                claimed.add(job);
                samples += job.samples();
                if (job.batchKey() == null) {
                    break;
                }
            }
        }
        return claimed;
    }

    private void close(Batch batch, long at) {
        closedBatches.add(batch.closeAt(at));
        work.signal();
    }

    /** The deadline of a queued job passed: take it out so it is never run. False if a worker has it. */
    public boolean expire(InferenceJob job) {
        if (!job.expire()) {
            return false;
        }
        lock.lock();
        try {
            boolean removed = waiting.remove(job);
            Batch batch = job.batchKey() == null ? null : open.get(job.batchKey());
            if (!removed && batch != null) {
                removed = batch.remove(job);
                if (removed && batch.jobs().isEmpty()) {
                    open.remove(job.batchKey());
                }
            }
            if (!removed) {
                for (Iterator<Batch> it = closedBatches.iterator(); it.hasNext() && !removed; ) {
                    Batch closedBatch = it.next();
                    removed = closedBatch.remove(job);
                    if (removed && closedBatch.jobs().isEmpty()) {
                        it.remove();
                    }
                }
            }
            if (removed) {
                queued--;
                size = queued;
            }
        } finally {
            lock.unlock();
        }
        return true;
    }

    /** No new jobs from now on; open batches close at once, what is queued is still handed out, then empty batches. */
    public void close() {
        lock.lock();
        try {
            closed = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Removes and returns whatever is still waiting, so the caller can fail it instead of leaving it hanging. */
    public List<InferenceJob> drain() {
        lock.lock();
        try {
            List<InferenceJob> left = new ArrayList<>();
            List<InferenceJob> all = new ArrayList<>(waiting);
            open.values().forEach(batch -> all.addAll(batch.jobs()));
            closedBatches.forEach(batch -> all.addAll(batch.jobs()));
            for (InferenceJob job : all) {
                if (job.claim()) {
                    left.add(job);
                }
            }
            waiting.clear();
            open.clear();
            closedBatches.clear();
            queued = 0;
            size = 0;
            return left;
        } finally {
            lock.unlock();
        }
    }

    public int size() {
        return size;
    }

    /** Workers blocked in {@link #nextBatch} waiting for a batch to close. */
    int waitingWorkers() {
        lock.lock();
        try {
            return lock.getWaitQueueLength(work);
        } finally {
            lock.unlock();
        }
    }

    public int capacity() {
        return capacity;
    }

    /** Jobs that run as one call: open until due (or full), then closed at a moment that orders it among the rest. */
    private static final class Batch {
        private final List<InferenceJob> jobs = new ArrayList<>();
        private final long dueAt;
        private final long sequence;
        private int samples;
        private long closedAt;

        Batch(InferenceJob first, long dueAt, long sequence) {
            this.dueAt = dueAt;
            this.sequence = sequence;
            add(first);
        }

        void add(InferenceJob job) {
            jobs.add(job);
            samples += job.samples();
        }

        boolean remove(InferenceJob job) {
            if (jobs.remove(job)) {
                samples -= job.samples();
                return true;
            }
            return false;
        }

        Batch closeAt(long at) {
            closedAt = at;
            return this;
        }

        List<InferenceJob> jobs() {
            return jobs;
        }

        int samples() {
            return samples;
        }

        long dueAt() {
            return dueAt;
        }

        long closedAt() {
            return closedAt;
        }

        long sequence() {
            return sequence;
        }
    }
}
