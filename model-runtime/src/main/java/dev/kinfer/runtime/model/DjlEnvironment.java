package dev.kinfer.runtime.model;

import ai.djl.engine.Engine;

/**
 * Prepares DJL before its engine class initialises. Without these flags DJL calls home (an EC2
 * metadata address and a telemetry host) and may try to download libtorch; a model server in a
 * cluster must never do either, so the runtime sets them itself unless the operator already did.
 */
public final class DjlEnvironment {
    public static final String ENGINE = "PyTorch";

    private DjlEnvironment() {
    }

    public static void forceOffline() {
        setIfAbsent("ai.djl.offline", "DJL_OFFLINE");
        setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING");
    }

    /** Asks the engine itself; only called once the offline flags are in place. */
    public static int engineGpuCount() {
        return Engine.getEngine(ENGINE).getGpuCount();
    }

    private static void setIfAbsent(String property, String env) {
        // An explicit "false" by the operator is respected: that is a deliberate choice, not a default.
        if (System.getProperty(property) == null && System.getenv(env) == null) {
            System.setProperty(property, "true");
        }
    }
}
