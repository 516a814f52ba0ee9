package dev.kinfer.runtime.worker;

import dev.kinfer.runtime.config.InvalidConfigurationException;
import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.ModelNotReadyException;
import dev.kinfer.runtime.model.ModelRegistry;
import dev.kinfer.runtime.model.Tensor;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.jboss.logging.Logger;

/**
 * {@code KINFER_WORKERS} named platform threads sharing the loaded model and one bounded queue.
 * Threads, not processes: one copy of the weights and (on a GPU) one CUDA context for all of them.
 * The pool is ready once every worker has run its warm-up inference.
 */
@ApplicationScoped
public class WorkerPool {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);

    private final RuntimeSettings settings;
    private final ModelRegistry registry;
    private final JobQueue queue;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean ready;

    public WorkerPool(RuntimeSettings settings, ModelRegistry registry) {
        this.settings = settings;
        this.registry = registry;
        this.queue = new JobQueue(settings.queueCapacity());
    }

    void onStart(@Observes @Priority(ModelRegistry.LOAD_PRIORITY + 10) StartupEvent event) {
        start();
    }

    /** Starts the workers and waits for their warm-ups, so a broken model fails the start. */
    synchronized void start() {
        LoadedModel model = registry.served();
        if (settings.maxBatchSize() > 1) {
            LOG.warnf("KINFER_MAX_BATCH_SIZE=%d is accepted but dynamic batching is not implemented yet;"
                    + " each inference runs one request", settings.maxBatchSize());
        }
        List<CompletableFuture<Void>> warmUps = new ArrayList<>();
        for (int i = 0; i < settings.workers(); i++) {
            InferenceWorker worker = new InferenceWorker(i, model, queue);
            Thread thread = new Thread(worker, "kinfer-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            warmUps.add(worker.warmedUp());
            thread.start();
        }
        try {
            CompletableFuture.allOf(warmUps.toArray(CompletableFuture[]::new)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while warming up the workers", e);
        } catch (ExecutionException e) {
            stop();
            throw new InvalidConfigurationException(e.getCause().getMessage(), e.getCause());
        }
        ready = true;
        if (model.signature().isPresent()) {
            LOG.infof("%d worker(s) warmed up; ready", settings.workers());
        } else {
            LOG.infof("%d worker(s) started without warm-up: the model has no signature (set KINFER_MODEL_SIGNATURE"
                    + " or put %s.json beside the model) so there is no input to warm up with; ready",
                    settings.workers(), model.name());
        }
    }

    /** Queues the inputs; the future completes with the outputs or the reason they could not be made. */
    public CompletableFuture<List<Tensor>> submit(List<Tensor> inputs) {
        if (!ready) {
            throw new ModelNotReadyException("the model is not ready yet: it is still loading or warming up");
        }
        InferenceJob job = InferenceJob.of(inputs);
        queue.submit(job);
        return job.result();
    }

    public boolean isReady() {
        return ready;
    }

    /** Stops before the registry closes the model (lower priority first), so no worker uses closed weights. */
    void onStop(@Observes @Priority(ModelRegistry.CLOSE_PRIORITY - 10) ShutdownEvent event) {
        stop();
    }

    synchronized void stop() {
        ready = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.clear();
        queue.drain().forEach(job -> job.result().completeExceptionally(
                new ModelNotReadyException("the server is shutting down; retry on another replica")));
    }
}
