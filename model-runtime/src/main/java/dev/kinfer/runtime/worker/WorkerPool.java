package dev.kinfer.runtime.worker;

import dev.kinfer.common.ServerThreads;
import dev.kinfer.runtime.config.InvalidConfigurationException;
import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.ModelNotReadyException;
import dev.kinfer.runtime.model.Tensor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * {@code KINFER_WORKERS} named platform threads sharing the loaded model and one bounded queue.
 * Threads, not processes: one copy of the weights and (on a GPU) one CUDA context for all of them.
 * The pool is ready once every worker has run its warm-up inference, and stops being ready as soon
 * as shutdown begins; {@link #stop()} lets the workers finish everything already accepted.
 */
@ApplicationScoped
public class WorkerPool {
    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    /** How long stop() waits for queued and running work before giving up on it. */
    static final long STOP_WAIT_MILLIS = 60_000;

    private final RuntimeSettings settings;
    private final RuntimeMetrics metrics;
    private final JobQueue queue;
    private final AtomicInteger busy = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean ready;
    private volatile boolean batchable;

    public WorkerPool(RuntimeSettings settings, RuntimeMetrics metrics) {
        this.settings = settings;
        this.metrics = metrics;
        this.queue = new JobQueue(settings.queueCapacity(), settings.maxBatchSize(), settings.maxBatchDelayMs(),
                job -> job.result().completeExceptionally(new DeadlineExceededException(
                        TimeUnit.NANOSECONDS.toMillis(job.deadlineNanos() - job.enqueuedNanos()))));
        metrics.gauge("kinfer.queue.depth", "Requests waiting for a worker", null, queue::size);
        metrics.gauge("kinfer.workers.busy", "Workers running an inference", null, busy::get);
        metrics.gauge("kinfer.workers", "Inference workers configured", null, settings::workers);
    }

    /** Starts the workers and waits for their warm-ups, so a broken model fails the start. */
    public synchronized void start(LoadedModel model) {
        batchable = model.batchable();
        if (settings.maxBatchSize() > 1 && !batchable) {
            LOG.warnf("KINFER_MAX_BATCH_SIZE=%d but requests are not batched: the model has no signature whose"
                    + " inputs all have a dynamic first dimension (-1)", settings.maxBatchSize());
        }
        List<CompletableFuture<Void>> warmUps = new ArrayList<>();
        for (int i = 0; i < settings.workers(); i++) {
            InferenceWorker worker = new InferenceWorker(i, model, queue, metrics, busy);
            Thread thread = new Thread(worker, ServerThreads.WORKER_THREAD_PREFIX + i);
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
            LOG.infof("%d worker(s) warmed up (max batch %d samples, max delay %d ms); ready", settings.workers(),
                    batchable ? settings.maxBatchSize() : 1, settings.maxBatchDelayMs());
        } else {
            LOG.infof("%d worker(s) started without warm-up: the model has no signature (set KINFER_MODEL_SIGNATURE"
                    + " or put %s.json beside the model) so there is no input to warm up with; ready",
                    settings.workers(), model.name());
        }
    }

    /** Queues the inputs without a deadline. */
    public CompletableFuture<List<Tensor>> submit(List<Tensor> inputs) {
        return submit(inputs, InferenceJob.NO_DEADLINE).result();
    }

    /**
     * Queues the inputs; the job's future completes with the outputs or the reason they could not be
     * made. A job still queued at {@code deadlineNanos} is skipped and fails with 504 (see {@link #expire}).
     */
    public InferenceJob submit(List<Tensor> inputs, long deadlineNanos) {
        if (!ready) {
            throw new ModelNotReadyException("the model is not ready: it is still loading or warming up, or the server"
                    + " is shutting down");
        }
        InferenceJob job = batchable ? batchableJob(inputs, deadlineNanos) : InferenceJob.of(inputs, null, 1, deadlineNanos);
        queue.submit(job);
        return job;
    }

    /** Called when a job's deadline passes: a job still in the queue fails with 504 and is never run. */
    public void expire(InferenceJob job, long timeoutMillis) {
        if (queue.expire(job)) {
            job.result().completeExceptionally(new DeadlineExceededException(timeoutMillis));
        }
    }

    /** Key: datatypes and shapes without the first dimension, which every input must share. */
    private static InferenceJob batchableJob(List<Tensor> inputs, long deadlineNanos) {
        long rows = inputs.get(0).shape()[0];
        StringBuilder key = new StringBuilder();
        for (Tensor t : inputs) {
            if (t.shape().length == 0 || t.shape()[0] != rows) {
                return InferenceJob.of(inputs, null, 1, deadlineNanos);
            }
            key.append(t.datatype()).append(':');
            for (int d = 1; d < t.shape().length; d++) {
                key.append(t.shape()[d]).append(',');
            }
            key.append('|');
        }
        if (rows < 1 || rows > Integer.MAX_VALUE) {
            return InferenceJob.of(inputs, null, 1, deadlineNanos);
        }
        return InferenceJob.of(inputs, key.toString(), (int) rows, deadlineNanos);
    }

    public boolean isReady() {
        return ready;
    }

    public int queued() {
        return queue.size();
    }

    /** Shutdown has begun: report not ready (so traffic moves elsewhere) but keep serving for now. */
    public void stopReportingReady() {
        if (ready) {
            LOG.info("shutting down: readiness is now false; still serving while traffic drains");
        }
        ready = false;
    }

    /**
     * Takes no new jobs, lets the workers finish everything queued and running, then joins them. Only
     * what is still queued after {@link #STOP_WAIT_MILLIS} is failed (503), so no accepted request hangs.
     */
    public synchronized void stop() {
        ready = false;
        queue.close();
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MILLIS);
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        threads.forEach(Thread::interrupt);
        threads.clear();
        queue.drain().forEach(job -> job.result().completeExceptionally(
                new ModelNotReadyException("the server is shutting down; retry on another replica")));
    }
}
