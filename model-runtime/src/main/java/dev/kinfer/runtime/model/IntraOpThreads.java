package dev.kinfer.runtime.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * How many threads libtorch uses inside one call. libtorch's default is every core for every call, so W workers
 * calling at once run W x cores compute threads; on a CPU they then contend with each other and with the HTTP
 * threads for the same cores. The rule: cores / workers (at least 1) on a CPU unless configured; on a GPU the
 * default is left alone (the calls run on the device). Measured in docs/performance.md (run 5).
 */
public final class IntraOpThreads {
    /** Leave libtorch's default. */
    public static final int DEFAULT = 0;

    private IntraOpThreads() {
    }

    /** The threads per call for this configuration, or {@link #DEFAULT}. */
    public static int resolve(int configured, boolean gpu, int cores, int workers) {
        if (configured > 0) {
            return configured;
        }
        return gpu ? DEFAULT : Math.max(1, cores / Math.max(1, workers));
    }

    /** Sets libtorch's intra-op threads (process-wide) unless {@code threads} is {@link #DEFAULT}; returns what is in effect. */
    public static int apply(int threads) {
        Engine.getEngine(DjlEnvironment.ENGINE);
        if (threads != DEFAULT) {
            JniUtils.setNumThreads(threads);
        }
        return JniUtils.getNumThreads();
    }
}
