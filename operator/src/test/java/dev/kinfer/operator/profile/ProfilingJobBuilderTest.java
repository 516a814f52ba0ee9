package dev.kinfer.operator.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.TestConfig;
import dev.kinfer.operator.desired.DeploymentBuilder;
import dev.kinfer.operator.desired.PinnedSizing;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilingJobBuilderTest {

    private final InferenceService isvc = Fixtures.resnet();
    private final Job job = ProfilingJobBuilder.build(isvc, 2, TestConfig.defaults());
    private final Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);

    @Test
    void runsTheRuntimeProfileCommandIntoTheTerminationMessage() {
        assertEquals(List.of("profile", "--model", "/mnt/models/resnet18.pt", "--out", "/dev/termination-log",
                "--budget-seconds", "60"), container.getArgs());
        assertEquals("/dev/termination-log", container.getTerminationMessagePath());
        assertEquals("FallbackToLogsOnError", container.getTerminationMessagePolicy());
    }

    @Test
    void runsOncePerAttemptAndLetsTheOperatorRetry() {
        assertEquals("resnet-profile-2", job.getMetadata().getName());
        assertEquals("2", job.getMetadata().getAnnotations().get(ProfilingJobBuilder.ATTEMPT_ANNOTATION));
        assertEquals(0, job.getSpec().getBackoffLimit());
        assertEquals("Never", job.getSpec().getTemplate().getSpec().getRestartPolicy());
        assertEquals(600L + 60 + 60, job.getSpec().getActiveDeadlineSeconds());
    }

    @Test
    void usesTheServingPodsImageVolumesAndResourcesWithoutItsProbes() {
        PodSpec serving = DeploymentBuilder.build(isvc, PinnedSizing.of(isvc.getSpec().getPredictor()),
                TestConfig.defaults()).getSpec().getTemplate().getSpec();
        Container runtime = serving.getContainers().get(0);
        assertEquals(runtime.getImage(), container.getImage());
        assertEquals(runtime.getVolumeMounts(), container.getVolumeMounts());
        assertEquals(runtime.getResources(), container.getResources());
        assertEquals(serving.getVolumes(), job.getSpec().getTemplate().getSpec().getVolumes());
        assertNull(container.getReadinessProbe());
        assertNull(container.getLivenessProbe());
        assertTrue(container.getPorts().isEmpty());
    }

    @Test
    void isOwnedByTheInferenceServiceAndRecordsTheModelItMeasures() {
        assertEquals(isvc.getMetadata().getUid(), job.getMetadata().getOwnerReferences().get(0).getUid());
        assertEquals("pvc://models/resnet18.pt",
                job.getMetadata().getAnnotations().get(ProfilingJobBuilder.MODEL_URI_ANNOTATION));
        assertEquals("resnet-profile-2", job.getSpec().getTemplate().getMetadata().getLabels()
                .get(ProfilingJobBuilder.JOB_LABEL));
    }
}
