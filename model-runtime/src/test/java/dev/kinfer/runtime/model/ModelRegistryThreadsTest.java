package dev.kinfer.runtime.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.ZooModel;
import dev.kinfer.runtime.config.Device;
import dev.kinfer.runtime.config.ModelCopies;
import dev.kinfer.runtime.config.RuntimeSettings;
import dev.kinfer.runtime.testing.Fixtures;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Loading the model sets libtorch's intra-op threads from the workers and cores, or from the setting. */
class ModelRegistryThreadsTest {

    private static RuntimeSettings settings(int workers, int intraOpThreads) {
        return new RuntimeSettings(Fixtures.model("mlp").toAbsolutePath(), "mlp", Optional.empty(), workers, 1, 0, 64,
                Device.CPU, ModelCopies.SHARED, 1 << 20, false, intraOpThreads);
    }

    private static void loadAndClose(RuntimeSettings settings) {
        LoadedModel model = new ModelRegistry(settings, () -> 0).load();
        model.copies().forEach(ZooModel::close);
    }

    @Test
    void twoWorkersShareTheCoresByDefault() {
        loadAndClose(settings(2, 0));

        assertEquals(Math.max(1, Runtime.getRuntime().availableProcessors() / 2), JniUtils.getNumThreads());
    }

    @Test
    void theSettingWins() {
        loadAndClose(settings(2, 3));

        assertEquals(3, JniUtils.getNumThreads());
    }
}
