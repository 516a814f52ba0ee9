package dev.kinfer.runtime.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class GridScheduleTest {

    /** Runs the schedule to the end with a fake model whose throughput and p99 depend on (workers, batch). */
    private static List<String> measuredOrder(GridSchedule grid, ToDoubleFunction<int[]> throughput,
                                              ToDoubleFunction<int[]> p99) {
        List<String> order = new ArrayList<>();
        for (Optional<int[]> next = grid.next(); next.isPresent(); next = grid.next()) {
            int[] wb = next.get();
            order.add(wb[0] + "x" + wb[1]);
            grid.record(new PointResult(wb[0], wb[1], throughput.applyAsDouble(wb), 1, p99.applyAsDouble(wb), 10, 1, 1));
        }
        return order;
    }

    @Test
    void measuresOneWorkerOverAllBatchesBeforeMoreWorkers() {
        GridSchedule grid = new GridSchedule(List.of(1, 2), List.of(1, 2, 4), 1000);
        assertEquals(List.of("1x1", "1x2", "1x4", "2x1", "2x2", "2x4"),
                measuredOrder(grid, wb -> 100.0 * wb[0] * wb[1], wb -> 1));
    }

    @Test
    void stopsGrowingTheBatchAfterTwoDoublingsGainLessThanFivePercentAndCapsLaterRows() {
        // Throughput saturates at batch 4: batches 8 and 16 gain 2 %, so 32 is never measured, nor above 16 later.
        GridSchedule grid = new GridSchedule(List.of(1, 2), List.of(1, 2, 4, 8, 16, 32), 1000);
        List<String> order = measuredOrder(grid, wb -> wb[1] <= 4 ? 100.0 * wb[1] : 408, wb -> 1);
        assertEquals(List.of("1x1", "1x2", "1x4", "1x8", "1x16", "2x1", "2x2", "2x4", "2x8", "2x16"), order);
    }

    @Test
    void oneNoisyPointDoesNotStopTheBatchGrowing() {
        // batch 2 lost its window (descheduled); batch 4 recovers, so the row goes on.
        GridSchedule grid = new GridSchedule(List.of(1), List.of(1, 2, 4, 8), 1000);
        assertEquals(List.of("1x1", "1x2", "1x4", "1x8"),
                measuredOrder(grid, wb -> wb[1] == 2 ? 10 : 100.0 * wb[1], wb -> 1));
    }

    @Test
    void stopsGrowingTheBatchOnceP99ExceedsTheLimit() {
        GridSchedule grid = new GridSchedule(List.of(1), List.of(1, 2, 4, 8), 50);
        assertEquals(List.of("1x1", "1x2"), measuredOrder(grid, wb -> 100.0 * wb[1], wb -> 40.0 * wb[1]));
        assertTrue(grid.notes().get(0).contains("p99 80.0 ms is above --max-p99-millis 50"), grid.notes().toString());
    }

    @Test
    void remainingListsWhatABudgetStopWouldSkip() {
        GridSchedule grid = new GridSchedule(List.of(1, 2), List.of(1, 2), 1000);
        int[] first = grid.next().orElseThrow();
        assertArrayEquals(new int[] {1, 1}, first);
        grid.record(new PointResult(1, 1, 100, 1, 1, 10, 1, 1));
        assertEquals(List.of("1x2", "2x1", "2x2"), grid.remaining());
    }

    @Test
    void predictsAPointFromTheLastCallTimeScaledByBatchAndWorkers() {
        GridSchedule grid = new GridSchedule(List.of(1, 2), List.of(1, 2), 1000);
        assertEquals(1.0, grid.predictSeconds(1, 1, 1.0, 2));
        grid.next();
        grid.record(new PointResult(1, 1, 100, 90, 100, 10, 1, 1));
        // 1 s window + (2 warm-up + 1) calls of 0.1 s x 2 (batch) x 2 (workers)
        assertEquals(2.2, grid.predictSeconds(2, 2, 1.0, 2), 1e-9);
    }
}
