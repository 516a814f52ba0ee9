package dev.kinfer.operator.desired;

import static dev.kinfer.operator.Fixtures.resnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.TestConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Volume;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The runtime pod meets the restricted Pod Security Standard (the full check runs on the same pod in e2e
 * {@code RestrictedPodSecurityTest}); these pin down each setting where it is made.
 */
class DeploymentBuilderSecurityTest {

    private static PodSpec pod() {
        return DeploymentBuilder.build(resnet(), new Sizing(2, 8, 1, 1, null, "test"), TestConfig.defaults())
                .getSpec().getTemplate().getSpec();
    }

    private static Container runtime() {
        return pod().getContainers().get(0);
    }

    @Test
    void runsAsNonRootWithTheRuntimeDefaultSeccompProfile() {
        PodSpec pod = pod();
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
    }

    @Test
    void dropsEveryCapabilityAndForbidsPrivilegeEscalation() {
        SecurityContext security = runtime().getSecurityContext();
        assertFalse(security.getAllowPrivilegeEscalation());
        assertFalse(security.getPrivileged());
        assertEquals(List.of("ALL"), security.getCapabilities().getDrop());
        assertTrue(security.getRunAsNonRoot());
    }

    @Test
    void keepsTheRootFileSystemReadOnlyWithWritableCacheAndTmp() {
        assertTrue(runtime().getSecurityContext().getReadOnlyRootFilesystem());
        for (String path : List.of(RuntimeContainer.DJL_CACHE_PATH, "/tmp")) {
            String volume = runtime().getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path))
                    .findFirst().orElseThrow(() -> new AssertionError(path + " is not mounted")).getName();
            Volume backing = pod().getVolumes().stream().filter(v -> v.getName().equals(volume)).findFirst().orElseThrow();
            assertNotNull(backing.getEmptyDir(), path + " must be an emptyDir");
            assertNotNull(backing.getEmptyDir().getSizeLimit(), path + " must have a size limit");
        }
    }

    @Test
    void downloadsTheModelUnderTheRuntimesSecurityContextWritingOnlyToEmptyDirs() {
        InferenceService isvc = resnet();
        isvc.getSpec().getPredictor().getModel().setStorageUri("https://models.example.com/resnet18.pt");
        PodSpec pod = DeploymentBuilder.build(isvc, new Sizing(2, 8, 1, 1, null, "test"), TestConfig.defaults())
                .getSpec().getTemplate().getSpec();
        Container fetch = pod.getInitContainers().get(0);
        assertEquals(pod.getContainers().get(0).getSecurityContext(), fetch.getSecurityContext());
        assertTrue(fetch.getSecurityContext().getReadOnlyRootFilesystem());
        for (var mount : fetch.getVolumeMounts()) {
            Volume backing = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                    .orElseThrow();
            assertNotNull(backing.getEmptyDir(), mount.getMountPath() + " must be an emptyDir");
            assertNotNull(backing.getEmptyDir().getSizeLimit(), mount.getMountPath() + " must have a size limit");
        }
    }

    @Test
    void mountsNoServiceAccountTokenBecauseTheRuntimeNeverCallsTheApiServer() {
        assertFalse(pod().getAutomountServiceAccountToken());
    }
}
