package dev.kinfer.operator.planner;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a model costs on one device, measured over a grid of (workers, batch) points with the weights shared by all
 * workers of a process.
 *
 * @param weightsMiB memory of one copy of the weights (included once in every point's memoryMiB)
 * @param contextMiB device memory the runtime takes per process before any tensor (the CUDA context)
 * @param requestCost what a served request costs beyond its call ({@link RequestCost#NONE} when not measured)
 * @param speedDrift  how the calls' speed wanders over time ({@link SpeedDrift#NONE} when not measured)
 */
public record ModelProfile(double weightsMiB, double contextMiB, List<ProfilePoint> points, RequestCost requestCost,
                           SpeedDrift speedDrift) {

    /** Used when a profile does not say: a CUDA 12 context with cuDNN/cuBLAS loaded takes about this much. */
    public static final double DEFAULT_CONTEXT_MIB = 500;

    public ModelProfile {
        Validation.require(weightsMiB >= 0 && Double.isFinite(weightsMiB), "profile.weightsMiB", weightsMiB, ">= 0");
        Validation.require(contextMiB >= 0 && Double.isFinite(contextMiB), "profile.contextMiB", contextMiB, ">= 0");
        Validation.require(points != null && !points.isEmpty(), "profile.points", points, "at least one point");
        Set<List<Integer>> seen = new HashSet<>();
        for (ProfilePoint p : points) {
            Validation.require(p != null, "profile.points[]", null, "a point");
            Validation.require(seen.add(List.of(p.workers(), p.batch())), "profile.points",
                    "a duplicate of workers " + p.workers() + " x batch " + p.batch(), "one point per (workers, batch)");
            Validation.require(p.memoryMiB() >= weightsMiB, "profile.points.memoryMiB", p.memoryMiB(),
                    ">= weightsMiB " + weightsMiB + " (a point holds one copy of the weights)");
        }
        points = List.copyOf(points);
        Validation.require(requestCost != null, "profile.requestCost", null, "a cost (RequestCost.NONE when unknown)");
        Validation.require(speedDrift != null, "profile.speedDrift", null, "a drift (SpeedDrift.NONE when unknown)");
    }

    public ModelProfile(double weightsMiB, double contextMiB, List<ProfilePoint> points, RequestCost requestCost) {
        this(weightsMiB, contextMiB, points, requestCost, SpeedDrift.NONE);
    }

    public ModelProfile(double weightsMiB, double contextMiB, List<ProfilePoint> points) {
        this(weightsMiB, contextMiB, points, RequestCost.NONE);
    }

    public ModelProfile(double weightsMiB, List<ProfilePoint> points) {
        this(weightsMiB, DEFAULT_CONTEXT_MIB, points);
    }

    public ModelProfile withRequestCost(RequestCost cost) {
        return new ModelProfile(weightsMiB, contextMiB, points, cost, speedDrift);
    }

    public ModelProfile withSpeedDrift(SpeedDrift drift) {
        return new ModelProfile(weightsMiB, contextMiB, points, requestCost, drift);
    }

    /** The point with the shortest measured p99 call time: no plan can promise less than this. */
    public ProfilePoint fastestPoint() {
        ProfilePoint best = points.get(0);
        for (ProfilePoint p : points) {
            if (p.p99Millis() < best.p99Millis()) {
                best = p;
            }
        }
        return best;
    }
}
