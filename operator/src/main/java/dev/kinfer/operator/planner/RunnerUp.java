package dev.kinfer.operator.planner;

/** The best plan with other workers or batch size, and what it would have cost. */
public record RunnerUp(int workersPerPod, int maxBatchSize, int maxBatchDelayMillis, int replicas,
                       double predictedP99Millis, int costUnits) {

    public String summary(String unit) {
        return String.format(java.util.Locale.ROOT, "%d worker%s x batch %d (%d ms) x %d replica%s: p99 %s, %d %s",
                workersPerPod, workersPerPod == 1 ? "" : "s", maxBatchSize, maxBatchDelayMillis, replicas,
                replicas == 1 ? "" : "s", Format.millis(predictedP99Millis), costUnits, unit);
    }
}
