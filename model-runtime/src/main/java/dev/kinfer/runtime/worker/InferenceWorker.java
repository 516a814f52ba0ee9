package dev.kinfer.runtime.worker;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.translate.TranslateException;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.Tensor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * One inference thread. It owns a {@link Predictor} (predictors are not thread-safe) over the
 * shared model, warms it up, then serves jobs until interrupted. A job that fails fails alone:
 * the loop catches everything a job can throw and goes on with the next one.
 */
final class InferenceWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(InferenceWorker.class);

    private final int id;
    private final LoadedModel model;
    private final JobQueue queue;
    private final CompletableFuture<Void> warmedUp = new CompletableFuture<>();

    InferenceWorker(int id, LoadedModel model, JobQueue queue) {
        this.id = id;
        this.model = model;
        this.queue = queue;
    }

    /** Completes once this worker has run its warm-up inference (or has none to run). */
    CompletableFuture<Void> warmedUp() {
        return warmedUp;
    }

    @Override
    public void run() {
        try (Predictor<NDList, NDList> predictor = model.model().newPredictor()) {
            if (!warmUp(predictor)) {
                return;
            }
            while (!Thread.currentThread().isInterrupted()) {
                for (InferenceJob job : queue.nextBatch()) {
                    serve(predictor, job);
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

    private void serve(Predictor<NDList, NDList> predictor, InferenceJob job) {
        try {
            job.result().complete(infer(predictor, job.inputs()));
        } catch (TranslateException | ai.djl.engine.EngineException e) {
            LOG.debugf(e, "worker %d: the model rejected a request", id);
            String which = job.inputs().size() == 1 ? "inputs[0] was" : "inputs were";
            job.result().completeExceptionally(new ModelRejectedInputException(which, ModelRejectedInputException.summarize(e)));
        } catch (Throwable e) {
            // Even an Error fails only this job: its caller gets a 500 and the worker takes the next job.
            LOG.errorf(e, "worker %d: inference failed", id);
            job.result().completeExceptionally(e);
        }
    }

    private List<Tensor> infer(Predictor<NDList, NDList> predictor, List<Tensor> inputs) throws TranslateException {
        // A manager per job frees the native memory of its inputs and outputs as soon as it is done.
        try (NDManager manager = model.model().getNDManager().newSubManager(model.device())) {
            NDList outputs = predictor.predict(TensorConverter.toNDList(manager, inputs));
            return TensorConverter.fromNDList(outputs, model);
        }
    }
}
