package dev.kinfer.runtime.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import dev.kinfer.runtime.config.InvalidConfigurationException;
import dev.kinfer.runtime.config.RuntimeSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Owns the served model: loads it once at start (the weights are shared by every worker), answers
 * which model a request means, and closes it at shutdown.
 */
@ApplicationScoped
public class ModelRegistry {
    /** The model closes after the workers using it have stopped. */
    public static final int CLOSE_PRIORITY = 100;
    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    private final RuntimeSettings settings;
    private final DeviceSelector devices;
    private volatile LoadedModel loaded;

    public ModelRegistry(RuntimeSettings settings, GpuProbe gpus) {
        this.settings = settings;
        this.devices = new DeviceSelector(gpus);
    }

    /** Loads the configured model; any problem fails the start with a message naming the setting. */
    public synchronized LoadedModel load() {
        if (loaded != null) {
            return loaded;
        }
        DjlEnvironment.forceOffline();
        Optional<Signature> signature = SignatureReader.find(settings.signatureJson(), settings.modelPath());
        Device device = devices.select(settings.device());
        int threads = IntraOpThreads.apply(IntraOpThreads.resolve(settings.intraOpThreads(), device.isGpu(),
                Runtime.getRuntime().availableProcessors(), settings.workers()));
        LOG.infof("libtorch uses %d intra-op thread%s per call (KINFER_INTRA_OP_THREADS=%d, %d workers, %d cores)",
                threads, threads == 1 ? "" : "s", settings.intraOpThreads(), settings.workers(),
                Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        Criteria<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optEngine(DjlEnvironment.ENGINE)
                .optModelPath(settings.modelPath())
                .optDevice(device)
                .optTranslator(new NoopTranslator())
                .build();
        List<ZooModel<NDList, NDList>> copies = new ArrayList<>();
        try {
            for (int i = 0; i < settings.weightCopies(); i++) {
                copies.add(criteria.loadModel());
            }
        } catch (IOException | MalformedModelException | ai.djl.repository.zoo.ModelNotFoundException e) {
            copies.forEach(ZooModel::close);
            throw new InvalidConfigurationException("KINFER_MODEL_URI " + settings.modelPath()
                    + " could not be loaded as a TorchScript model: " + e.getMessage(), e);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        loaded = new LoadedModel(settings.modelName(), settings.modelPath(), copies, device, signature, millis);
        LOG.infof("loaded model '%s' from %s on %s (%d weight cop%s) in %d ms; signature: %s", loaded.name(),
                settings.modelPath(), device, copies.size(), copies.size() == 1 ? "y" : "ies", millis,
                signature.map(Signature::source).orElse("none (inputs are checked only against themselves)"));
        return loaded;
    }

    /** The model served under {@code name}. */
    public LoadedModel get(String name) {
        LoadedModel model = served();
        if (!model.name().equals(name)) {
            throw new ModelNotFoundException(name, model.name());
        }
        return model;
    }

    public LoadedModel served() {
        LoadedModel model = loaded;
        if (model == null) {
            throw new ModelNotReadyException("the model is not loaded (the server is starting or stopping)");
        }
        return model;
    }

    public boolean isLoaded() {
        return loaded != null;
    }

    void onStop(@Observes @Priority(CLOSE_PRIORITY) ShutdownEvent event) {
        close();
    }

    synchronized void close() {
        if (loaded != null) {
            loaded.copies().forEach(ZooModel::close);
            loaded = null;
        }
    }
}
