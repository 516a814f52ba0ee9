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
     * {@code KINFER_MAX_BATCH_SIZE}: the most requests one inference may combine; at least 1.
     * Dynamic batching is not implemented yet, so values above 1 are accepted and logged.
     */
    @WithDefault("1")
    int maxBatchSize();

    /** {@code KINFER_MAX_BATCH_DELAY_MS}: how long a batch may wait to fill; at least 0. */
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
