package dev.kinfer.runtime.worker;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * One inference thread. It owns a {@link Predictor} (predictors are not thread-safe) over its copy
 * of the model, warms it up, then serves batches until the queue closes and empties. A job that
 * fails fails alone: a batch that fails is re-run job by job, so one bad request never fails its
 * batch-mates, and the loop catches everything a job can throw.
 */
final class InferenceWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(InferenceWorker.class);

    private final int id;
    private final LoadedModel model;
    private final JobQueue queue;
    private final RuntimeMetrics metrics;
    private final AtomicInteger busy;
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();

    InferenceWorker(int id, LoadedModel model, JobQueue queue, RuntimeMetrics metrics, AtomicInteger busy) {
        this.id = id;
        this.model = model;
        this.queue = queue;
        this.metrics = metrics;
        this.busy = busy;
    }

    /** Completes once this worker has run its warm-up inference (or has none to run). */
    CompletableFuture<Void> warmedUp() {
        return warmedUp;
    }

    @Override
    public void run() {
        try (Predictor<NDList, NDList> predictor = model.copyFor(id).newPredictor()) {
            if (!warmUp(predictor)) {
                return;
            }
            List<InferenceJob> batch;
            while (!(batch = queue.nextBatch()).isEmpty()) {
                busy.incrementAndGet();
                try {
                    runBatch(predictor, batch);
                } finally {
                    busy.decrementAndGet();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            // Only predictor creation can get here; jobs catch their own failures.
            warmedUp.completeExceptionally(e);
            LOG.errorf(e, "worker %d stopped", id);
        }
    }

    private boolean warmUp(Predictor<NDList, NDList> predictor) {
        if (model.signature().isEmpty()) {
            warmedUp.complete(null);
            return true;
        }
        long start = System.nanoTime();
        try {
            infer(predictor, TensorConverter.zerosFor(model.signature().get().inputs()));
            LOG.debugf("worker %d warmed up in %d ms", id, (System.nanoTime() - start) / 1_000_000);
            warmedUp.complete(null);
            return true;
        } catch (Exception e) {
            warmedUp.completeExceptionally(new IllegalStateException("warm-up inference with zeros shaped like the signature ("
                    + model.signature().get().source() + ") failed; does the signature match the model? "
                    + ModelRejectedInputException.summarize(e), e));
            return false;
        }
    }

    private void runBatch(Predictor<NDList, NDList> predictor, List<InferenceJob> batch) {
        long now = System.nanoTime();
        for (InferenceJob job : batch) {
            metrics.queueWait(now - job.enqueuedNanos());
        }
        if (batch.size() == 1) {
            serve(predictor, batch.get(0));
            return;
        }
        List<List<Tensor>> parts;
        try {
            List<Tensor> outputs = timedInfer(predictor, Batches.stack(batch));
            parts = Batches.split(outputs, batch);
        } catch (Throwable e) {
            LOG.debugf(e, "worker %d: a batch of %d failed; running its requests one by one", id, batch.size());
            parts = null;
        }
        if (parts == null) {
            batch.forEach(job -> serve(predictor, job));
            return;
        }
        metrics.batch(batch.stream().mapToInt(InferenceJob::samples).sum());
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).result().complete(parts.get(i));
        }
    }

    private void serve(Predictor<NDList, NDList> predictor, InferenceJob job) {
        try {
            List<Tensor> outputs = timedInfer(predictor, job.inputs());
            metrics.batch(job.samples());
            job.result().complete(outputs);
        } catch (TranslateException | ai.djl.engine.EngineException e) {
            LOG.debugf(e, "worker %d: the model rejected a request", id);
            metrics.inferenceError("rejected");
            String which = job.inputs().size() == 1 ? "inputs[0] was" : "inputs were";
            job.result().completeExceptionally(new ModelRejectedInputException(which, ModelRejectedInputException.summarize(e)));
        } catch (Throwable e) {
            // Even an Error fails only this job: its caller gets a 500 and the worker takes the next job.
            LOG.errorf(e, "worker %d: inference failed", id);
            metrics.inferenceError("failed");
            job.result().completeExceptionally(e);
        }
    }

    /** A model call for requests (not the warm-up), timed for {@code kinfer_inference_seconds}, failed ones too. */
    private List<Tensor> timedInfer(Predictor<NDList, NDList> predictor, List<Tensor> inputs) throws TranslateException {
        long start = System.nanoTime();
        try {
            return infer(predictor, inputs);
        } finally {
            metrics.inference(System.nanoTime() - start);
        }
    }

    private List<Tensor> infer(Predictor<NDList, NDList> predictor, List<Tensor> inputs) throws TranslateException {
        // A manager per inference frees the native memory of its inputs and outputs as soon as it is done.
        try (NDManager manager = model.copyFor(id).getNDManager().newSubManager(model.device())) {
            NDList outputs = predictor.predict(TensorConverter.toNDList(manager, inputs));
            return TensorConverter.fromNDList(outputs, model);
        }
    }
}
