package dev.kinfer.operator.planner;

import java.util.Comparator;

/**
 * The highest arrival rate a pod carries within the utilisation cap and the p99 target. Used for the plan's
 * predicted throughput and, when the SLA names no throughput, to plan for the most the minimum replicas carry.
 */
final class ThroughputSearch {

    /** Without a throughput target: most samples per second, then lowest p99, then fewest workers. */
    static final Comparator<Option> MOST_THROUGHPUT_FIRST = Comparator
            .comparingDouble((Option o) -> -Math.round(o.podArrivalsPerSecond()))
            .thenComparing(Option.BEST_FIRST);

    private static final int STEPS = 12;

    private ThroughputSearch() {
    }

    /** Without a throughput target: the delay that lets minReplicas pods carry the most within the p99. */
    static CapacityPlanner.Search search(CapacityPlanner.Request request, Candidate candidate) {
        int replicas = request.bounds().minReplicas();
        Option best = null;
        Option bestEffort = null;
        for (int delay : CapacityPlanner.delays(request, candidate.batch())) {
            double rate = highestRatePerPod(request, candidate, delay);
            if (rate > 0) {
                Option option = CapacityPlanner.evaluateAt(request, candidate, replicas, delay, rate);
                if (best == null || MOST_THROUGHPUT_FIRST.compare(option, best) < 0) {
                    best = option;
                }
            } else {
                Option option = CapacityPlanner.evaluate(request, candidate, replicas, delay);
                if (bestEffort == null || Option.BEST_EFFORT_FIRST.compare(option, bestEffort) < 0) {
                    bestEffort = option;
                }
            }
        }
        return new CapacityPlanner.Search(best, best != null ? best : bestEffort);
    }

    /**
     * Scans the rate down from the cap in STEPS steps and refines the first step that meets the SLA by bisection:
     * p99 is not monotone in the rate (slow arrivals lengthen batch fill waits), so it searches from the top.
     */
    static double highestRatePerPod(CapacityPlanner.Request request, Candidate candidate, int delay) {
        double top = candidate.capacityPerPod(CapacityPlanner.UTILISATION_CAP);
        double previous = top;
        for (int i = 0; i <= STEPS; i++) {
            double rate = top * (1 - (double) i / (STEPS + 1));
            if (meets(request, candidate, delay, rate)) {
                if (i == 0) {
                    return rate;
                }
                double lo = rate;
                double hi = previous;
                for (int j = 0; j < 12; j++) {
                    double mid = (lo + hi) / 2;
                    if (meets(request, candidate, delay, mid)) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                return lo;
            }
            previous = rate;
        }
        return 0;
    }

    private static boolean meets(CapacityPlanner.Request request, Candidate candidate, int delay, double rate) {
        LatencyPrediction p = candidate.screen(delay, rate);
        Double p99 = request.sla().p99Millis();
        return p.utilisation() <= CapacityPlanner.UTILISATION_CAP && (p99 == null || p.p99Millis() <= p99);
    }
}
