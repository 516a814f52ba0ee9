package dev.kinfer.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.runtime.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configuration checks: each problem names the environment variable and what it expects. */
class RuntimeSettingsTest {

    /** A {@link KinferConfig} with the defaults, changed one field at a time by the tests. */
    record Config(Optional<String> uri, Optional<String> name, int workers, int maxBatchSize, int maxBatchDelayMs,
                  int queueCapacity, String device) implements KinferConfig {
        static Config valid() {
            return new Config(Optional.of(Fixtures.model("mlp").toString()), Optional.empty(), 1, 1, 0, 64, "auto");
        }

        Config withUri(String value) {
            return new Config(Optional.ofNullable(value), name, workers, maxBatchSize, maxBatchDelayMs, queueCapacity, device);
        }

        Config withWorkers(int value) {
            return new Config(uri, name, value, maxBatchSize, maxBatchDelayMs, queueCapacity, device);
        }

        Config withDevice(String value) {
            return new Config(uri, name, workers, maxBatchSize, maxBatchDelayMs, queueCapacity, value);
        }

        Config withQueueCapacity(int value) {
            return new Config(uri, name, workers, maxBatchSize, maxBatchDelayMs, value, device);
        }

        @Override
        public String modelCopies() {
            return "shared";
        }

        @Override
        public long maxRequestBytes() {
            return 1 << 20;
        }

        @Override
        public boolean backgroundLoad() {
            return false;
        }

        @Override
        public Model model() {
            return new Model() {
                public Optional<String> uri() {
                    return uri;
                }

                public Optional<String> name() {
                    return name;
                }

                public Optional<String> signature() {
                    return Optional.empty();
                }
            };
        }
    }

    private static String problem(KinferConfig config) {
        return assertThrows(InvalidConfigurationException.class, () -> RuntimeSettings.from(config)).getMessage();
    }

    @Test
    void namesTheModelAfterItsFileByDefault() {
        assertEquals("mlp", RuntimeSettings.from(Config.valid()).modelName());
    }

    @Test
    void acceptsAFileUri() {
        RuntimeSettings s = RuntimeSettings.from(Config.valid().withUri(Fixtures.model("mlp").toUri().toString()));
        assertEquals(Fixtures.model("mlp"), s.modelPath());
    }

    @Test
    void parsesTheDeviceCaseInsensitively() {
        assertEquals(Device.CPU, RuntimeSettings.from(Config.valid().withDevice("CPU")).device());
    }

    @Test
    void requiresTheModelUri() {
        assertTrue(problem(Config.valid().withUri(null)).contains(
                "KINFER_MODEL_URI is required: set it to the path or file: URI of a TorchScript .pt file"));
    }

    @Test
    void rejectsAModelFileThatDoesNotExist() {
        assertTrue(problem(Config.valid().withUri("/nowhere/model.pt")).contains(
                "KINFER_MODEL_URI '/nowhere/model.pt' does not name a readable file"));
    }

    @Test
    void rejectsARemoteUri() {
        assertTrue(problem(Config.valid().withUri("s3://bucket/model.pt")).contains(
                "KINFER_MODEL_URI 's3://bucket/model.pt' uses a scheme this runtime cannot read"));
    }

    @Test
    void rejectsZeroWorkers() {
        assertTrue(problem(Config.valid().withWorkers(0)).contains("KINFER_WORKERS is 0 but must be at least 1"));
    }

    @Test
    void rejectsAnUnknownDevice() {
        assertTrue(problem(Config.valid().withDevice("tpu")).contains("KINFER_DEVICE is 'tpu' but must be one of auto|cpu|gpu"));
    }

    @Test
    void rejectsAQueueWithoutRoom() {
        assertTrue(problem(Config.valid().withQueueCapacity(0)).contains("KINFER_QUEUE_CAPACITY is 0 but must be at least 1"));
    }

    @Test
    void reportsEveryProblemAtOnce() {
        String message = problem(Config.valid().withWorkers(0).withDevice("tpu"));
        assertTrue(message.contains("KINFER_WORKERS") && message.contains("KINFER_DEVICE"), message);
    }
}
