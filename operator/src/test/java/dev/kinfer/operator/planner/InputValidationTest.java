package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class InputValidationTest {

    @Test
    void rejectsNegativeP99NamingTheField() {
        assertThatThrownBy(() -> new Sla(-1.0, null)).hasMessage("sla.p99Millis is -1.0; expected > 0");
    }

    @Test
    void rejectsAnEmptySla() {
        assertThatThrownBy(() -> new Sla(null, null))
                .hasMessage("sla is empty; expected p99Millis, throughputPerSecond or both");
    }

    @Test
    void rejectsMaxReplicasBelowMin() {
        assertThatThrownBy(() -> new Bounds(3, 2)).hasMessage("bounds.maxReplicas is 2; expected >= minReplicas 3");
    }

    @Test
    void rejectsPinsOutsideTheApiRanges() {
        assertThatThrownBy(() -> new Pins(0, null, null)).hasMessage("pins.workers is 0; expected 1 to 256");
        assertThatThrownBy(() -> new Pins(null, 5000, null)).hasMessage("pins.maxBatchSize is 5000; expected 1 to 4096");
        assertThatThrownBy(() -> new Pins(null, null, -1)).hasMessage("pins.maxBatchDelayMillis is -1; expected 0 to 10000");
    }

    @Test
    void rejectsAHeadroomOfEverything() {
        assertThatThrownBy(() -> Hardware.gpu(1, 81920, 1.0))
                .hasMessage("hardware.headroomFraction is 1.0; expected in [0, 1)");
    }

    @Test
    void rejectsAPointWhoseP99IsBelowItsP50() {
        assertThatThrownBy(() -> new ProfilePoint(1, 1, 100, 2.0, 1.0, 100))
                .hasMessage("profile.points.p99Millis is 1.0; expected >= p50Millis 2.0");
    }

    @Test
    void rejectsTwoPointsForTheSameWorkersAndBatch() {
        ProfilePoint point = new ProfilePoint(1, 1, 100, 1, 2, 100);
        assertThatThrownBy(() -> new ModelProfile(44, 94, List.of(point, point)))
                .hasMessage("profile.points is a duplicate of workers 1 x batch 1; expected one point per (workers, batch)");
    }

    @Test
    void rejectsAPointSmallerThanTheWeights() {
        assertThatThrownBy(() -> new ModelProfile(44, 94, List.of(new ProfilePoint(1, 1, 100, 1, 2, 10))))
                .hasMessageStartingWith("profile.points.memoryMiB is 10.0; expected >= weightsMiB 44.0");
    }

    @Test
    void rejectsAProfileWithoutPoints() {
        assertThatThrownBy(() -> new ModelProfile(44, 94, List.of()))
                .hasMessage("profile.points is []; expected at least one point");
    }
}
