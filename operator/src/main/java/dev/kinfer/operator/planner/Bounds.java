package dev.kinfer.operator.planner;

/** The replica range the planner may choose from (spec.predictor.minReplicas/maxReplicas). */
public record Bounds(int minReplicas, int maxReplicas) {

    public Bounds {
        Validation.require(minReplicas >= 1, "bounds.minReplicas", minReplicas, ">= 1");
        Validation.require(maxReplicas >= minReplicas, "bounds.maxReplicas", maxReplicas,
                ">= minReplicas " + minReplicas);
    }
}
