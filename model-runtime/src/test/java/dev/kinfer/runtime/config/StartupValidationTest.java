package dev.kinfer.runtime.config;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole application refuses to start on a bad setting, and says which one. */
@QuarkusMainTest
@TestProfile(StartupValidationTest.ZeroWorkers.class)
class StartupValidationTest {

    public static class ZeroWorkers implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinfer.workers", "0", "kinfer.device", "tpu");
        }
    }

    @Test
    @Launch(value = {}, exitCode = 1)
    void failsToStartNamingEachBadSetting(LaunchResult result) {
        String output = result.getOutput() + result.getErrorOutput();
        assertTrue(output.contains("KINFER_WORKERS is 0 but must be at least 1"), output);
        assertTrue(output.contains("KINFER_DEVICE is 'tpu' but must be one of auto|cpu|gpu"), output);
    }
}
