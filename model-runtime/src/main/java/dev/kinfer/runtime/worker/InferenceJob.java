package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.model.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request's worth of work: validated input tensors and the future its caller waits on. A job is
 * claimed exactly once, either by a worker (it runs) or by its deadline (it is skipped with 504), so
 * no caller waits forever and no expired work reaches the model.
 *
 * @param batchKey jobs with equal keys can be stacked along the first dimension; null: runs alone
 * @param samples size of the first (batch) dimension, 1 for jobs that are not batchable
 * @param deadlineNanos {@link System#nanoTime()} after which the job is no longer worth running
 */
public record InferenceJob(List<Tensor> inputs, CompletableFuture<List<Tensor>> result, long enqueuedNanos,
                           long deadlineNanos, String batchKey, int samples, AtomicInteger state) {
    public static final long NO_DEADLINE = Long.MAX_VALUE;
    private static final int QUEUED = 0;
    private static final int RUNNING = 1;
    private static final int EXPIRED = 2;

    public static InferenceJob of(List<Tensor> inputs) {
        return of(inputs, null, 1, NO_DEADLINE);
    }

    public static InferenceJob of(List<Tensor> inputs, String batchKey, int samples, long deadlineNanos) {
        return new InferenceJob(List.copyOf(inputs), new CompletableFuture<>(), System.nanoTime(), deadlineNanos,
                batchKey, samples, new AtomicInteger(QUEUED));
    }

    /** A worker takes the job; false when its deadline took it first. */
    boolean claim() {
        return state.compareAndSet(QUEUED, RUNNING);
    }

    /** The deadline takes the job; false when a worker already runs it. */
    boolean expire() {
        return state.compareAndSet(QUEUED, EXPIRED);
    }

    boolean isQueued() {
        return state.get() == QUEUED;
    }

    boolean deadlinePassed(long now) {
        return deadlineNanos != NO_DEADLINE && now - deadlineNanos >= 0;
    }

    boolean fitsWith(InferenceJob other) {
        return batchKey != null && batchKey.equals(other.batchKey);
    }
}
