package dev.kinfer.operator.planner;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How much the workers' speed wanders over time, as the profile measured it (docs/planner.md, "Queueing: the calls'
 * drift"): for time scales T, the variance of the pod's mean call time over windows of T relative to the squared mean
 * call, beyond what independent calls give. Independent calls are what the queueing formulas assume; a host whose
 * speed moves makes the calls of a busy spell slow together, and a queue's waits grow with the spread of the work that
 * arrives in the time it takes to forget a busy spell.
 *
 * @param scales the measured (seconds, variance) pairs, any order; empty when not measured
 */
public record SpeedDrift(List<Scale> scales) {

    /** Not measured: calls taken as independent. */
    public static final SpeedDrift NONE = new SpeedDrift(List.of());

    /** The drift at one time scale. */
    public record Scale(double seconds, double variance) {
        public Scale {
            Validation.require(seconds > 0 && Double.isFinite(seconds), "profile.speedDrift.seconds", seconds, "> 0");
            Validation.require(variance >= 0 && Double.isFinite(variance), "profile.speedDrift.variance", variance,
                    ">= 0");
        }
    }

    public SpeedDrift {
        Validation.require(scales != null, "profile.speedDrift", null, "a list of scales (empty when not measured)");
        List<Scale> sorted = new ArrayList<>();
        for (Scale s : scales) {
            Validation.require(s != null, "profile.speedDrift[]", null, "a scale");
            sorted.add(s);
        }
        sorted.sort(Comparator.comparingDouble(Scale::seconds));
        for (int i = 1; i < sorted.size(); i++) {
            Validation.require(sorted.get(i).seconds() > sorted.get(i - 1).seconds(), "profile.speedDrift.seconds",
                    sorted.get(i).seconds(), "one entry per time scale");
        }
        scales = List.copyOf(sorted);
    }

    public boolean measured() {
        return !scales.isEmpty();
    }

    /**
     * The variance at {@code seconds}: linear in log T between measured scales; the shortest scale's below it (a
     * conservative hold: drift does not grow at shorter scales than measured); beyond the longest, variance x T held
     * at the longest scale's (the mean call over longer windows averages independent stretches). 0 when not measured.
     */
    public double varianceAt(double seconds) {
        if (scales.isEmpty() || !(seconds > 0)) {
            return 0;
        }
        Scale first = scales.get(0);
        Scale last = scales.get(scales.size() - 1);
        if (seconds <= first.seconds()) {
            return first.variance();
        }
        if (seconds >= last.seconds()) {
            return last.variance() * last.seconds() / seconds;
        }
        for (int i = 1; i < scales.size(); i++) {
            Scale hi = scales.get(i);
            if (seconds <= hi.seconds()) {
                Scale lo = scales.get(i - 1);
                double f = Math.log(seconds / lo.seconds()) / Math.log(hi.seconds() / lo.seconds());
                return lo.variance() + f * (hi.variance() - lo.variance());
            }
        }
        return last.variance();
    }

    /**
     * The time scale at which the planner reads the drift, in ms: rho (E[S] / c) / (1 - sqrt rho)^2, that is rho times
     * the relaxation time of the c workers pooled into one M/M/1 server c times as fast ((E[S] / c) / (1 - sqrt rho)^2,
     * the time the validation rig's windows are sized by). It is the scale docs/scripts/drift_queue.py checked against
     * the machine's own calls replayed in order (docs/planner.md, "Queueing: the calls' drift").
     *
     * @param meanCallMillis the mean call of a batch, E[S]
     */
    public static double timeScaleMillis(double utilisation, double meanCallMillis, int servers) {
        return utilisation * (meanCallMillis / servers) / Math.pow(1 - Math.sqrt(utilisation), 2);
    }

    /**
     * What the drift adds to the squared coefficient of variation of the work a queue of {@code servers} workers gets
     * through in {@code scaleMillis} ({@link #timeScaleMillis}): the calls finished in it, N = servers x scale / mean
     * call, each stretched together by the window's speed, add N x varianceAt(scale) (the variance of N calls' sum
     * from a common stretch, N^2 x mean^2 x variance, over N x mean^2).
     */
    public double extraScv(int servers, double meanCallMillis, double scaleMillis) {
        if (scales.isEmpty() || !(scaleMillis > 0) || !(meanCallMillis > 0)) {
            return 0;
        }
        double calls = servers * scaleMillis / meanCallMillis;
        return calls * varianceAt(scaleMillis / 1000);
    }
}
