package dev.kinfer.runtime.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Test profiles that serve other fixture models than the default (mlp with its sidecar). */
public final class ServeModel {
    private ServeModel() {
    }

    /**
     * INT64 token ids [-1,8] -> logits [-1,2], with a sidecar signature; one worker batching up to 16
     * samples within 30 ms, so concurrent requests share inferences.
     */
    public static class Tokens implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.model.uri", Fixtures.model("tokens").toString(),
                    "kinfer.max-batch-size", "16", "kinfer.max-batch-delay-ms", "30");
        }
    }

    /** A model returning a tuple, deliberately without a signature. */
    public static class Pair implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.model.uri", Fixtures.model("pair").toString(), "kinfer.workers", "2");
        }
    }

    /** The mlp served under another name with a configured signature, which wins over its sidecar. */
    public static class ConfiguredSignature implements QuarkusTestProfile {
        public static final String SIGNATURE = "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[-1,16]}],"
                + "\"outputs\":[{\"name\":\"scores\",\"datatype\":\"FP32\",\"shape\":[-1,4]}]}";

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.model.uri", "file:" + Fixtures.model("mlp"),
                    "kinfer.model.name", "classifier",
                    "kinfer.model.signature", SIGNATURE);
        }
    }

    /**
     * The mlp as a production pod would serve it: two workers, each with its own copy of the weights,
     * dynamic batching, a small body limit so 413 is cheap to provoke. Every test under this profile
     * shares one server start.
     */
    public static class Serving implements QuarkusTestProfile {
        public static final int MAX_REQUEST_BYTES = 64 * 1024;

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.workers", "2", "kinfer.model-copies", "per-worker", "kinfer.max-batch-size", "8",
                    "kinfer.max-batch-delay-ms", "2", "kinfer.queue-capacity", "512",
                    "kinfer.max-request-bytes", Integer.toString(MAX_REQUEST_BYTES));
        }
    }

    /** One input per datatype (BOOL ... FP64), each doubled or negated into its own output. */
    public static class Types implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.model.uri", Fixtures.model("types").toString());
        }
    }
}
