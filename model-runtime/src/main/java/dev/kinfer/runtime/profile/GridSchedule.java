package dev.kinfer.runtime.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which point to measure next, most useful first, and when to stop growing the batch.
 *
 * <p>Order: one row per worker count, ascending (1 worker first: it is the cheapest and every plan can fall
 * back to it), each row over the batch sizes ascending. A row stops growing its batch after a point whose
 * throughput is less than {@link #MIN_GAIN} above the row's best so far for the {@link #PATIENCE}th time in a row
 * (the batch no longer pays; those points are kept, the planner interpolates up to the knee; one bad point is
 * not enough, because a descheduled process can lose a whole measurement window), or whose p99 exceeds {@code maxP99Millis} (latency has
 * exploded). Rows after the first go no further than the largest batch the first row measured: more workers
 * share the same cores or GPU, so a batch that did not pay with one worker does not pay with more.
 *
 * <p>The time budget is applied by the caller through {@link #predictSeconds}: a point is started only if the
 * time left covers it.
 */
final class GridSchedule {
    static final double MIN_GAIN = 0.05;
    static final int PATIENCE = 2;

    private final List<Integer> workers;
    private final List<Integer> batches;
    private final double maxP99Millis;
    private final List<String> notes = new ArrayList<>();
    private int row;
    private int column;
    private int firstRowMaxBatch = Integer.MAX_VALUE;
    private double rowBestThroughput;
    private int flatInARow;
    private PointResult last;

    GridSchedule(List<Integer> workers, List<Integer> batches, double maxP99Millis) {
        this.workers = workers;
        this.batches = batches;
        this.maxP99Millis = maxP99Millis;
    }

    /** The next (workers, batch) to measure, or empty when the grid is done. */
    Optional<int[]> next() {
        while (row < workers.size()) {
            if (column < batches.size() && batches.get(column) <= firstRowMaxBatch) {
                return Optional.of(new int[] {workers.get(row), batches.get(column)});
            }
            nextRow();
        }
        return Optional.empty();
    }

    /** Takes the result of the point {@link #next} returned. */
    void record(PointResult result) {
        boolean exploded = result.p99Millis() > maxP99Millis;
        flatInARow = column > 0 && result.throughputPerSecond() < rowBestThroughput * (1 + MIN_GAIN) ? flatInARow + 1 : 0;
        boolean flat = flatInARow >= PATIENCE;
        rowBestThroughput = Math.max(rowBestThroughput, result.throughputPerSecond());
        last = result;
        column++;
        if ((exploded || flat) && column < batches.size()) {
            notes.add("workers " + result.workers() + ": stopped growing the batch after " + result.batch() + " ("
                    + (exploded ? String.format("p99 %.1f ms is above --max-p99-millis %.0f", result.p99Millis(), maxP99Millis)
                            : String.format("throughput gained less than %.0f%% over the best smaller batch %d times in a row",
                            MIN_GAIN * 100, PATIENCE)) + ")");
            nextRow();
        }
    }

    /** Everything {@link #next} would still return, as "workers x batch" labels. */
    List<String> remaining() {
        List<String> left = new ArrayList<>();
        int cap = row == 0 ? Integer.MAX_VALUE : firstRowMaxBatch;
        for (int r = row; r < workers.size(); r++) {
            for (int c = r == row ? column : 0; c < batches.size() && batches.get(c) <= cap; c++) {
                left.add(workers.get(r) + "x" + batches.get(c));
            }
        }
        return left;
    }

    /**
     * Expected wall time of a point: the window plus (warm-up calls + 1) calls, a call taking the last point's p99
     * scaled by the batch ratio and, when workers grow, by the worker ratio (they share the same cores).
     */
    double predictSeconds(int pointWorkers, int batch, double secondsPerPoint, int warmupCalls) {
        if (last == null) {
            return secondsPerPoint;
        }
        double call = last.p99Millis() / 1000 * batch / last.batch() * Math.max(1.0, (double) pointWorkers / last.workers());
        return secondsPerPoint + (warmupCalls + 1) * call;
    }

    List<String> notes() {
        return notes;
    }

    private void nextRow() {
        if (row == 0 && column > 0) {
            firstRowMaxBatch = batches.get(Math.min(column, batches.size()) - 1);
        }
        row++;
        column = 0;
        rowBestThroughput = 0;
        flatInARow = 0;
    }
}
