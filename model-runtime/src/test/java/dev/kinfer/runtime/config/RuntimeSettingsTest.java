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
        public int intraOpThreads() {
            return 0;
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

    /** {@code base} with other model-copies and request-size settings. */
    private static KinferConfig with(Config base, String copies, long maxRequestBytes) {
        return new KinferConfig() {
            public Model model() {
                return base.model();
            }

            public int workers() {
                return base.workers();
            }

            public int maxBatchSize() {
                return base.maxBatchSize();
            }

            public int maxBatchDelayMs() {
                return base.maxBatchDelayMs();
            }

            public int queueCapacity() {
                return base.queueCapacity();
            }

            public String device() {
                return base.device();
            }

            public String modelCopies() {
                return copies;
            }

            public int intraOpThreads() {
                return base.intraOpThreads();
            }

            public long maxRequestBytes() {
                return maxRequestBytes;
            }

            public boolean backgroundLoad() {
                return false;
            }
        };
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
    void loadsOneWeightCopyPerWorkerOnlyWhenAsked() {
        assertEquals(1, RuntimeSettings.from(with(Config.valid().withWorkers(3), "shared", 1 << 20)).weightCopies());
        RuntimeSettings perWorker = RuntimeSettings.from(with(Config.valid().withWorkers(3), "per-worker", 1 << 20));
        assertEquals(ModelCopies.PER_WORKER, perWorker.modelCopies());
        assertEquals(3, perWorker.weightCopies());
    }

    @Test
    void rejectsAnUnknownModelCopiesValue() {
        assertTrue(problem(with(Config.valid(), "each", 1 << 20)).contains(
                "KINFER_MODEL_COPIES is 'each' but must be one of shared|per-worker"));
    }

    @Test
    void rejectsARequestLimitTooSmallToHoldARequest() {
        assertTrue(problem(with(Config.valid(), "shared", 100)).contains(
                "KINFER_MAX_REQUEST_BYTES is 100 but must be between 1024 and 1073741824"));
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
