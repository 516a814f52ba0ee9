package dev.kinfer.runtime.lifecycle;

import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.metrics.RuntimeMetrics;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.ModelRegistry;
import dev.kinfer.runtime.worker.WorkerPool;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Start and stop in the order the runtime contract needs.
 *
 * <p>Start: the settings are checked at once (a bad value fails the start), then the model loads and
 * the workers warm up, by default on a background thread after the HTTP port opens, so {@code
 * /v2/health/live} answers during the load and readiness follows the warm-up. A model that cannot
 * load stops the process with exit code 1.
 *
 * <p>Stop (SIGTERM): Quarkus first runs its shutdown delay ({@code quarkus.shutdown.delay}), during
 * which this class turns readiness off while requests are still served, then its graceful HTTP phase
 * ({@code quarkus.shutdown.timeout}: new requests get 503, accepted ones finish, which needs the
 * workers), and only then fires {@link ShutdownEvent}, where the pool finishes whatever is left and
 * stops before the model is closed.
 */
@ApplicationScoped
public class Lifecycle {
    private static final Logger LOG = Logger.getLogger(Lifecycle.class);
    /** Observers with a lower priority run first: the workers stop before the registry closes the model. */
    static final int STOP_PRIORITY = ModelRegistry.CLOSE_PRIORITY - 10;

    private final RuntimeSettings settings;
    private final ModelRegistry registry;
    private final WorkerPool pool;
    private final RuntimeMetrics metrics;

    public Lifecycle(RuntimeSettings settings, ModelRegistry registry, WorkerPool pool, RuntimeMetrics metrics) {
        this.settings = settings;
        this.registry = registry;
        this.pool = pool;
        this.metrics = metrics;
    }

    void onStart(@Observes StartupEvent event) {
        if (!settings.backgroundLoad()) {
            loadAndWarmUp();
            return;
        }
        Thread loader = new Thread(() -> {
            try {
                loadAndWarmUp();
            } catch (RuntimeException | Error e) {
                LOG.errorf(e, "the model could not be served: %s", e.getMessage());
                Quarkus.asyncExit(1);
            }
        }, "kinfer-loader");
        loader.setDaemon(true);
        loader.start();
    }

    private void loadAndWarmUp() {
        LoadedModel model = registry.load();
        metrics.gauge("kinfer.model.load", "Time it took to load the model's weights (all copies)", "seconds",
                () -> model.loadMillis() / 1000.0);
        GpuMemory.register(model.device(), metrics);
        pool.start(model);
    }

    void onShutdownDelay(@Observes ShutdownDelayInitiatedEvent event) {
        pool.stopReportingReady();
    }

    void onStop(@Observes @Priority(STOP_PRIORITY) ShutdownEvent event) {
        int left = pool.queued();
        pool.stop();
        LOG.infof("workers stopped (%d request(s) were still queued at the stop and have been served)", left);
    }
}
