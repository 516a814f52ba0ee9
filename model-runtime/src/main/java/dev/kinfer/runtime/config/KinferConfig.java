package dev.kinfer.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/**
 * Everything the runtime reads from its environment, in one typed place.
 *
 * <p>Quarkus maps each property to an environment variable by upper-casing it and replacing
 * dots and dashes with underscores, so {@code kinfer.max-batch-size} is {@code
 * KINFER_MAX_BATCH_SIZE}. Values are checked as a whole by {@link RuntimeSettings#from}, which
 * names the environment variable in every error: the operator sets these, so a person reading a
 * pod log should see the name they can change.
 */
@ConfigMapping(prefix = "kinfer")
public interface KinferConfig {

    Model model();

    /** {@code KINFER_WORKERS}: inference threads, each with its own predictor; at least 1. */
    @WithDefault("1")
    int workers();

    /**
     * {@code KINFER_MAX_BATCH_SIZE}: the most samples (rows of the batch dimension) one inference may
     * stack from compatible requests; at least 1. A request larger than this runs alone.
     */
    @WithDefault("1")
    int maxBatchSize();

    /**
     * {@code KINFER_MAX_BATCH_DELAY_MS}: how long after its first request arrived a batch may wait to fill;
     * at least 0.
     */
    @WithDefault("0")
    int maxBatchDelayMs();

    /** {@code KINFER_QUEUE_CAPACITY}: requests that may wait for a worker before 503; at least 1. */
    @WithDefault("64")
    int queueCapacity();

    /**
     * {@code KINFER_DEVICE}: {@code auto} (a GPU when DJL sees one, else the CPU), {@code cpu}, or
     * {@code gpu} (fails at start when DJL sees no GPU).
     */
    @WithDefault("auto")
    String device();

    /**
     * {@code KINFER_MODEL_COPIES}: {@code shared} (one copy of the weights for all workers) or {@code
     * per-worker} (one copy each; more memory, no sharing of the weights between threads).
     */
    @WithDefault("shared")
    String modelCopies();

    /** {@code KINFER_MAX_REQUEST_BYTES}: the largest request body accepted; larger ones get 413. */
    @WithDefault("67108864")
    long maxRequestBytes();

    /**
     * {@code KINFER_BACKGROUND_LOAD}: load the model after the HTTP port opens, so liveness answers
     * while the model loads (readiness waits for it). {@code false} loads before the port opens.
     */
    @WithDefault("true")
    boolean backgroundLoad();

    /**
     * {@code KINFER_INTRA_OP_THREADS}: threads libtorch may use inside one call. {@code 0} (the default) picks
     * cores / workers on a CPU (at least 1), so that the workers' calls together use the cores once instead of each
     * spreading over all of them; on a GPU it leaves libtorch's default.
     */
    @WithDefault("0")
    int intraOpThreads();

    interface Model {
        /** {@code KINFER_MODEL_URI}: path or {@code file:} URI of a TorchScript {@code .pt} file. Required. */
        Optional<String> uri();

        /** {@code KINFER_MODEL_NAME}: the name served under /v2/models; default: file name without .pt. */
        Optional<String> name();

        /**
         * {@code KINFER_MODEL_SIGNATURE}: JSON signature (see {@code SignatureReader}); wins over the
         * {@code <model>.json} sidecar next to the model file.
         */
        Optional<String> signature();
    }
}
