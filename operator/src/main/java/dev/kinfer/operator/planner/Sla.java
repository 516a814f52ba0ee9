package dev.kinfer.operator.planner;

/**
 * What the service must deliver. Either figure may be null: without a p99 the planner only carries the throughput;
 * without a throughput it maximises what {@code minReplicas} pods carry within the p99.
 */
public record Sla(Double p99Millis, Double throughputPerSecond) {

    public Sla {
        Validation.require(p99Millis != null || throughputPerSecond != null, "sla", "empty",
                "p99Millis, throughputPerSecond or both");
        Validation.require(p99Millis == null || (p99Millis > 0 && Double.isFinite(p99Millis)), "sla.p99Millis",
                p99Millis, "> 0");
        Validation.require(throughputPerSecond == null || (throughputPerSecond > 0 && Double.isFinite(throughputPerSecond)),
                "sla.throughputPerSecond", throughputPerSecond, "> 0");
    }

    public static Sla of(double p99Millis, double throughputPerSecond) {
        return new Sla(p99Millis, throughputPerSecond);
    }
}
