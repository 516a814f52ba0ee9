package dev.kinfer.operator.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Plans workers per pod, batching and replicas from a measured profile, the hardware, the SLA, the user's pins and
 * the replica bounds. A pure function of its inputs; the model is described in docs/planner.md.
 */
public final class CapacityPlanner {

    /** Never plan a pod's workers busier than this: queueing delay explodes and predictions degrade beyond it. */
    public static final double UTILISATION_CAP = 0.9;
    /** Batch delays tried, in ms; 0 only for batch 1, where it is the only meaningful value. */
    static final int[] DELAYS_MILLIS = {1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50};
    /**
     * The mean batch the latency model expects (docs/planner.md, "Batch formation"): E[min(b, 1 + N)] with
     * N ~ Poisson(rate x delay), for samples arriving at {@code samplesPerSecond} at one pod. For setting beside
     * what a runtime reports.
     */
    public static double meanBatch(int maxBatchSize, int maxBatchDelayMillis, double samplesPerSecond) {
        return BatchFormation.meanBatch(maxBatchSize, maxBatchDelayMillis, samplesPerSecond / 1000.0);
    }

    /** Replica counts are tried one by one this far above the capacity bound, then in 10 % steps. */
    private static final int LINEAR_REPLICA_STEPS = 32;

    public Plan plan(ModelProfile profile, Hardware hardware, Sla sla, Pins pins, Bounds bounds) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(hardware, "hardware");
        Objects.requireNonNull(sla, "sla");
        Objects.requireNonNull(pins, "pins");
        Objects.requireNonNull(bounds, "bounds");
        Request request = new Request(profile, hardware, sla, pins, bounds);
        List<Candidate> all = candidates(request);
        List<Candidate> fitting = all.stream().filter(c -> c.memory().fits()).toList();
        PlanWriter writer = new PlanWriter(request);
        if (fitting.isEmpty()) {
            Candidate smallest = all.stream()
                    .min((a, b) -> Double.compare(a.memory().perProcessMiB(), b.memory().perProcessMiB())).orElseThrow();
            return writer.memoryInfeasible(smallest, evaluate(request, smallest, minReplicasFor(request, smallest)));
        }
        List<Option> feasible = new ArrayList<>();
        List<Option> bestEfforts = new ArrayList<>();
        for (Candidate candidate : fitting) {
            Search search = sla.throughputPerSecond() != null ? searchReplicas(request, candidate)
                    : searchThroughput(request, candidate);
            if (search.feasible != null) {
                feasible.add(search.feasible);
            }
            if (search.bestEffort != null) {
                bestEfforts.add(search.bestEffort);
            }
        }
        if (!feasible.isEmpty()) {
            feasible.sort(sla.throughputPerSecond() != null ? Option.BEST_FIRST : ThroughputSearch.MOST_THROUGHPUT_FIRST);
            Option chosen = feasible.get(0);
            return writer.feasible(chosen, runnerUp(chosen, feasible), predictedThroughput(request, chosen));
        }
        bestEfforts.sort(Option.BEST_EFFORT_FIRST);
        Option chosen = bestEfforts.get(0);
        Plan unpinned = pins.any() ? plan(profile, hardware, sla, Pins.NONE, bounds) : null;
        return writer.infeasible(chosen, runnerUp(chosen, bestEfforts), predictedThroughput(request, chosen), unpinned);
    }

    /** Everything plan() was given, with the profile as a surface. */
    record Request(ModelProfile profile, Hardware hardware, Sla sla, Pins pins, Bounds bounds, ProfileSurface surface) {
        Request(ModelProfile profile, Hardware hardware, Sla sla, Pins pins, Bounds bounds) {
            this(profile, hardware, sla, pins, bounds, new ProfileSurface(profile));
        }
    }

    record Search(Option feasible, Option bestEffort) {
    }

    private static List<Candidate> candidates(Request request) {
        Hardware hw = request.hardware();
        int processes = hw.devicesPerPod();
        List<Integer> workerCounts = new ArrayList<>();
        if (request.pins().workers() != null) {
            int pinned = request.pins().workers();
            Validation.require(pinned % processes == 0, "pins.workers", pinned,
                    "a multiple of hardware.gpusPerPod " + processes + " (each GPU runs the same number of workers)");
            workerCounts.add(pinned / processes);
        } else {
            request.surface().measuredWorkers().stream().filter(w -> w <= hw.maxWorkersPerDevice())
                    .forEach(workerCounts::add);
            if (workerCounts.isEmpty()) {
                workerCounts.add(hw.maxWorkersPerDevice());
            }
        }
        List<Candidate> candidates = new ArrayList<>();
        for (int workers : workerCounts) {
            ServiceCurve curve = request.surface().curve(workers);
            for (int batch : batchSizes(request, workers)) {
                MemoryBreakdown memory = new MemoryBreakdown(processes, request.profile().weightsMiB(), 1,
                        curve.memoryMiB(batch) - request.profile().weightsMiB(), request.profile().contextMiB(),
                        hw.usableMemoryPerDeviceMiB());
                candidates.add(new Candidate(workers, batch, processes, curve, memory, request.profile().requestCost(),
                        hw.hasGpu() ? 0 : hw.cpuCores(), request.profile().speedDrift()));
            }
        }
        return candidates;
    }

    /** Measured batch sizes and the powers of two between them (interpolated), or the pinned one. */
    private static TreeSet<Integer> batchSizes(Request request, int workers) {
        TreeSet<Integer> sizes = new TreeSet<>();
        if (request.pins().maxBatchSize() != null) {
            sizes.add(request.pins().maxBatchSize());
            return sizes;
        }
        int largest = request.surface().largestMeasuredBatch();
        sizes.addAll(request.surface().measuredBatches(workers));
        for (int b = 1; b <= largest; b *= 2) {
            sizes.add(b);
        }
        return sizes;
    }

    static int[] delays(Request request, int batch) {
        if (request.pins().maxBatchDelayMillis() != null) {
            return new int[] {request.pins().maxBatchDelayMillis()};
        }
        if (batch == 1) {
            return new int[] {0};
        }
        Double p99 = request.sla().p99Millis();
        double limit = p99 == null ? DELAYS_MILLIS[DELAYS_MILLIS.length - 1] : p99;
        int[] fitting = java.util.Arrays.stream(DELAYS_MILLIS).filter(d -> d <= limit).toArray();
        return fitting.length > 0 ? fitting : new int[] {DELAYS_MILLIS[0]};
    }

    private static int minReplicasFor(Request request, Candidate candidate) {
        Double throughput = request.sla().throughputPerSecond();
        int needed = throughput == null ? 1
                : (int) Math.min(Integer.MAX_VALUE, Math.ceil(throughput / candidate.capacityPerPod(UTILISATION_CAP)));
        return Math.max(request.bounds().minReplicas(), needed);
    }

    /** The fewest replicas (and the best delay at that count) that keep this candidate in the SLA. */
    private static Search searchReplicas(Request request, Candidate candidate) {
        int max = request.bounds().maxReplicas();
        int start = Math.min(minReplicasFor(request, candidate), max);
        Option bestEffort = null;
        int replicas = start;
        while (true) {
            List<Option> atThisCount = evaluateAll(request, candidate, replicas);
            Option best = null;
            double lowestUtilisation = 1;
            for (Option option : atThisCount) {
                lowestUtilisation = Math.min(lowestUtilisation, option.utilisation());
                if (bestEffort == null || Option.BEST_EFFORT_FIRST.compare(option, bestEffort) < 0) {
                    bestEffort = option;
                }
                if (meetsSla(request, option) && (best == null || Option.BEST_FIRST.compare(option, best) < 0)) {
                    best = option;
                }
            }
            if (best != null) {
                return new Search(best, bestEffort);
            }
            // Once the workers are nearly idle more pods only lengthen batch fill waits.
            if (replicas >= max || lowestUtilisation < 0.05) {
                return new Search(null, bestEffort);
            }
            int next = replicas < start + LINEAR_REPLICA_STEPS ? replicas + 1 : (int) Math.ceil(replicas * 1.1);
            replicas = Math.min(max, Math.max(replicas + 1, next));
        }
    }

    private static Search searchThroughput(Request request, Candidate candidate) {
        return ThroughputSearch.search(request, candidate);
    }

    static boolean meetsSla(Request request, Option option) {
        Double p99 = request.sla().p99Millis();
        return option.utilisation() <= UTILISATION_CAP && (p99 == null || option.p99() <= p99);
    }

    static List<Option> evaluateAll(Request request, Candidate candidate, int replicas) {
        List<Option> options = new ArrayList<>();
        for (int delay : delays(request, candidate.batch())) {
            options.add(evaluate(request, candidate, replicas, delay));
        }
        return options;
    }

    static Option evaluate(Request request, Candidate candidate, int replicas, int delay) {
        double podRate = request.sla().throughputPerSecond() != null ? request.sla().throughputPerSecond() / replicas
                : candidate.capacityPerPod(0.5 * UTILISATION_CAP);
        return evaluateAt(request, candidate, replicas, delay, podRate);
    }

    static Option evaluateAt(Request request, Candidate candidate, int replicas, int delay, double podRate) {
        return new Option(candidate, delay, replicas, podRate, candidate.screen(delay, podRate),
                replicas * request.hardware().costUnitsPerPod());
    }

    private static Option evaluate(Request request, Candidate candidate, int replicas) {
        return evaluateAll(request, candidate, replicas).stream().min(Option.BEST_EFFORT_FIRST).orElseThrow();
    }

    private static RunnerUp runnerUp(Option chosen, List<Option> sorted) {
        return sorted.stream().filter(o -> !o.sameShapeAs(chosen)).findFirst().map(Option::asRunnerUp).orElse(null);
    }

    /** Samples per second the chosen replicas carry within the utilisation cap and the p99 target. */
    private static double predictedThroughput(Request request, Option chosen) {
        return ThroughputSearch.highestRatePerPod(request, chosen.candidate(), chosen.delayMillis()) * chosen.replicas();
    }
}
