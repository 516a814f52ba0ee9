package dev.kinfer.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.TestConfig;
import dev.kinfer.operator.desired.Sizing;
import java.util.List;
import org.junit.jupiter.api.Test;

class SizerTest {

    private final Sizer sizer = new Sizer(TestConfig.defaults());

    @Test
    void withoutAnSlaTheSizesArePinsAndDefaults() {
        Sizing sizing = size(Fixtures.resnet());

        assertEquals(Sizing.Outcome.PINNED, sizing.outcome());
        assertNull(sizing.predictedP99Millis());
    }

    @Test
    void anSlaWithoutAProfileRunsPinsAndSaysWhatIsMissing() {
        InferenceService isvc = Fixtures.resnet();
        isvc.getSpec().setSla(new SlaSpec(10.0, 1000.0));

        Sizing sizing = size(isvc);

        assertEquals(Sizing.Outcome.PROFILE_MISSING, sizing.outcome());
        assertTrue(sizing.reason().contains("no profile to plan from yet (no profile declared)"), sizing.reason());
    }

    @Test
    void theWorkedExampleIsPlannedAsDocsPlannerShows() {
        Sizing sizing = size(Fixtures.h200WorkedExample(Fixtures.resnet()));

        assertEquals(Sizing.Outcome.SLA_MET, sizing.outcome());
        assertEquals(2, sizing.workersPerPod());
        assertEquals(32, sizing.maxBatchSize());
        assertEquals(3, sizing.maxBatchDelayMillis());
        assertEquals(3, sizing.replicas());
        assertTrue(sizing.predictedP99Millis() <= 10.0, "p99 " + sizing.predictedP99Millis());
        assertTrue(sizing.predictedThroughputPerSecond() >= 50_000, "throughput " + sizing.predictedThroughputPerSecond());
        assertEquals(Boolean.TRUE, sizing.feasible());
    }

    @Test
    void anSlaBeyondTheMaxReplicasIsBestEffortAndNamesTheBinding() {
        InferenceService isvc = Fixtures.h200WorkedExample(Fixtures.resnet());
        Fixtures.predictor(isvc).setMaxReplicas(2);

        Sizing sizing = size(isvc);

        assertEquals(Sizing.Outcome.SLA_NOT_MET, sizing.outcome());
        assertEquals(Boolean.FALSE, sizing.feasible());
        assertEquals(2, sizing.replicas());
    }

    private Sizing size(InferenceService isvc) {
        return sizer.size(isvc.getSpec(), isvc.getSpec().getProfile(), "no profile declared", List.of());
    }

    @Test
    void anUnchangedSpecIsNotPlannedAgain() {
        Sizing first = size(Fixtures.h200WorkedExample(Fixtures.resnet()));
        Sizing second = size(Fixtures.h200WorkedExample(Fixtures.resnet()));

        assertEquals(first, second);
        assertSame(first.reason(), second.reason(), "the second answer comes from the plan cache");
    }
}
