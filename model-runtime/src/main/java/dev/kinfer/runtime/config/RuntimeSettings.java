package dev.kinfer.runtime.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validated form of {@link KinferConfig}: every value here is usable as it is.
 *
 * @param modelPath absolute path of the TorchScript file
 * @param modelName name served under /v2/models/{name}
 * @param signatureJson signature given by configuration, if any
 */
public record RuntimeSettings(
        Path modelPath,
        String modelName,
        Optional<String> signatureJson,
        int workers,
        int maxBatchSize,
        int maxBatchDelayMs,
        int queueCapacity,
        Device device,
        ModelCopies modelCopies,
        long maxRequestBytes,
        boolean backgroundLoad,
        int intraOpThreads) {

    /** Checks every field and reports all problems at once, each naming its environment variable. */
    public static RuntimeSettings from(KinferConfig config) {
        List<String> problems = new ArrayList<>();
        Path path = modelPath(config.model().uri(), problems);
        String name = config.model().name().map(String::trim).filter(n -> !n.isEmpty())
                .orElseGet(() -> path == null ? "" : stem(path));
        if (!name.isEmpty() && !name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            problems.add("KINFER_MODEL_NAME '" + name + "' must be letters, digits, '.', '_' or '-'"
                    + " (it is part of the URL /v2/models/{name})");
        }
        atLeast("KINFER_WORKERS", config.workers(), 1, problems);
        atLeast("KINFER_MAX_BATCH_SIZE", config.maxBatchSize(), 1, problems);
        atLeast("KINFER_MAX_BATCH_DELAY_MS", config.maxBatchDelayMs(), 0, problems);
        atLeast("KINFER_QUEUE_CAPACITY", config.queueCapacity(), 1, problems);
        Optional<Device> device = Device.parse(config.device());
        if (device.isEmpty()) {
            problems.add("KINFER_DEVICE is '" + config.device() + "' but must be one of " + Device.choices());
        }
        Optional<ModelCopies> copies = ModelCopies.parse(config.modelCopies());
        if (copies.isEmpty()) {
            problems.add("KINFER_MODEL_COPIES is '" + config.modelCopies() + "' but must be one of " + ModelCopies.choices());
        }
        if (config.maxRequestBytes() < 1024 || config.maxRequestBytes() > MAX_REQUEST_BYTES_LIMIT) {
            problems.add("KINFER_MAX_REQUEST_BYTES is " + config.maxRequestBytes() + " but must be between 1024 and "
                    + MAX_REQUEST_BYTES_LIMIT);
        }
        atLeast("KINFER_INTRA_OP_THREADS", config.intraOpThreads(), 0, problems);
        if (!problems.isEmpty()) {
            throw new InvalidConfigurationException("invalid runtime configuration: " + String.join("; ", problems));
        }
        return new RuntimeSettings(path, name, config.model().signature().filter(s -> !s.isBlank()),
                config.workers(), config.maxBatchSize(), config.maxBatchDelayMs(), config.queueCapacity(),
                device.get(), copies.get(), config.maxRequestBytes(), config.backgroundLoad(), config.intraOpThreads());
    }

    /** A body is read into one byte array, so it cannot pass 2 GiB; 1 GiB leaves room for the copy. */
    public static final long MAX_REQUEST_BYTES_LIMIT = 1L << 30;

    /** How many copies of the weights to load: one shared, or one per worker. */
    public int weightCopies() {
        return modelCopies == ModelCopies.PER_WORKER ? workers : 1;
    }

    private static Path modelPath(Optional<String> uri, List<String> problems) {
        if (uri.isEmpty() || uri.get().isBlank()) {
            problems.add("KINFER_MODEL_URI is required: set it to the path or file: URI of a TorchScript .pt file");
            return null;
        }
        String value = uri.get().trim();
        Path path;
        try {
            path = value.startsWith("file:") ? Path.of(new URI(value)) : Path.of(value);
        } catch (URISyntaxException | IllegalArgumentException e) {
            problems.add("KINFER_MODEL_URI '" + value + "' is not a path or file: URI of a .pt file (" + e.getMessage() + ")");
            return null;
        }
        if (!value.startsWith("file:") && value.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            problems.add("KINFER_MODEL_URI '" + value + "' uses a scheme this runtime cannot read;"
                    + " expected a local path or a file: URI of a .pt file");
            return null;
        }
        path = path.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            problems.add("KINFER_MODEL_URI '" + value + "' does not name a readable file (" + path + " "
                    + (Files.isDirectory(path) ? "is a directory" : "does not exist") + "); expected a TorchScript .pt file");
            return null;
        }
        if (!Files.isReadable(path)) {
            problems.add("KINFER_MODEL_URI '" + value + "' is not readable by this process");
            return null;
        }
        return path;
    }

    private static void atLeast(String env, int value, int min, List<String> problems) {
        if (value < min) {
            problems.add(env + " is " + value + " but must be at least " + min);
        }
    }

    /** File name without its last extension: {@code mlp.pt} becomes {@code mlp}. */
    public static String stem(Path path) {
        String file = path.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }
}
