package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.model.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One request's worth of work: validated input tensors and the future its caller waits on. A
 * worker completes every job it takes, normally or exceptionally, so no caller waits forever.
 */
public record InferenceJob(List<Tensor> inputs, CompletableFuture<List<Tensor>> result, long enqueuedNanos) {

    public static InferenceJob of(List<Tensor> inputs) {
        return new InferenceJob(List.copyOf(inputs), new CompletableFuture<>(), System.nanoTime());
    }
}
