package dev.kinfer.operator.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The mean batch the planner's latency model expects, as the validation sets it beside the runtime's. */
class MeanBatchTest {

    @Test
    void withoutADelayEveryBatchIsOneSample() {
        assertThat(CapacityPlanner.meanBatch(32, 0, 5000)).isEqualTo(1.0);
    }

    @Test
    void aBatchClosesOnSizeOrDelayWhicheverComesFirst() {
        // docs/planner.md: 16,601/s with b = 32 and D = 2 ms gives a mean batch of 30.7, not min(32, 34.2)
        assertThat(CapacityPlanner.meanBatch(32, 2, 16_601)).isCloseTo(30.7, within(0.05));
        assertThat(CapacityPlanner.meanBatch(4, 50, 1_000_000)).isCloseTo(4.0, within(1e-9));
    }

    @Test
    void matchesTheLatencyModelsOwnBatchFormation() {
        assertThat(CapacityPlanner.meanBatch(2, 50, 28.09))
                .isEqualTo(new BatchFormation(2, 50, 28.09 / 1000).meanBatch());
    }
}
