package dev.kinfer.operator.planner;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns the chosen option into a {@link Plan} with its binding constraint and a one-line reason. */
final class PlanWriter {

    private final CapacityPlanner.Request request;

    PlanWriter(CapacityPlanner.Request request) {
        this.request = request;
    }

    Plan feasible(Option chosen, RunnerUp runnerUp, double throughput) {
        BindingConstraint binding = feasibleBinding(chosen);
        String reason = shape(chosen) + " fit in " + memoryText(chosen.candidate().memory()) + "; "
                + chosen.replicas() + " replica" + (chosen.replicas() == 1 ? "" : "s") + " keep p99 at "
                + Format.millis(chosen.p99()) + " for " + Format.rate(load(chosen)) + " (utilisation "
                + Format.percent(chosen.utilisation()) + ", " + bindingText(binding) + ")" + beat(runnerUp);
        return plan(chosen, true, reason, binding, runnerUp, throughput);
    }

    Plan infeasible(Option chosen, RunnerUp runnerUp, double throughput, Plan unpinned) {
        Double p99 = request.sla().p99Millis();
        ProfilePoint fastest = request.profile().fastestPoint();
        double overhead = request.profile().requestCost().overheadMillis();
        BindingConstraint binding;
        String why;
        if (unpinned != null && unpinned.feasible()) {
            binding = BindingConstraint.PINS;
            why = "the pins (" + pinsText() + ") keep the SLA out of reach; unpinned, "
                    + unpinned.workersPerPod() + " workers x batch " + unpinned.maxBatchSize() + " x "
                    + unpinned.replicas() + " replicas would meet it at p99 " + Format.millis(unpinned.predictedP99Millis());
        } else if (p99 != null && p99 < fastest.p99Millis() + overhead) {
            binding = BindingConstraint.SERVICE_TIME;
            why = "p99 " + Format.millis(p99) + " is below the fastest measured service time "
                    + Format.millis(fastest.p99Millis()) + " at batch " + fastest.batch()
                    + (fastest.workers() > 1 ? " with " + fastest.workers() + " workers" : "")
                    + (overhead > 0 ? " plus the " + Format.millis(overhead) + " a request adds" : "");
        } else if (chosen.utilisation() > CapacityPlanner.UTILISATION_CAP) {
            binding = BindingConstraint.MAX_REPLICAS;
            double capacity = request.bounds().maxReplicas()
                    * chosen.candidate().capacityPerPod(CapacityPlanner.UTILISATION_CAP);
            why = "maxReplicas " + request.bounds().maxReplicas() + " carry at most " + Format.rate(capacity)
                    + " at " + Format.percent(CapacityPlanner.UTILISATION_CAP) + " utilisation, below the "
                    + Format.rate(request.sla().throughputPerSecond()) + " asked";
        } else if (chosen.replicas() >= request.bounds().maxReplicas()) {
            binding = BindingConstraint.MAX_REPLICAS;
            why = "p99 " + Format.millis(p99) + " needs more than maxReplicas " + request.bounds().maxReplicas();
        } else {
            binding = BindingConstraint.LATENCY;
            why = "p99 " + Format.millis(p99) + " is out of reach: batch fill, queueing and service add up to at least "
                    + Format.millis(chosen.p99()) + " at any replica count";
        }
        String reason = why + "; best effort " + shape(chosen) + " x " + chosen.replicas() + " replica"
                + (chosen.replicas() == 1 ? "" : "s") + ", p99 "
                + Format.millis(chosen.p99()) + " at " + Format.rate(load(chosen)) + beat(runnerUp);
        return plan(chosen, false, reason, binding, runnerUp, throughput);
    }

    Plan memoryInfeasible(Candidate smallest, Option option) {
        MemoryBreakdown m = smallest.memory();
        String reason = shape(option) + " needs " + Format.mib(m.perProcessMiB()) + " per "
                + (request.hardware().hasGpu() ? "GPU" : "pod") + " but " + Format.mib(request.hardware().memoryPerDeviceMiB())
                + " less " + Format.percent(request.hardware().headroomFraction()) + " headroom leaves "
                + Format.mib(m.usableMiB()) + "; no measured configuration fits";
        return plan(option, false, reason, BindingConstraint.MEMORY, null, 0);
    }

    private Plan plan(Option o, boolean feasible, String reason, BindingConstraint binding, RunnerUp runnerUp,
                      double throughput) {
        MemoryBreakdown memory = o.candidate().memory();
        // The search skipped the p99 of options above the utilisation cap; a best-effort plan still reports one.
        double p99 = Double.isFinite(o.p99()) ? o.p99()
                : o.candidate().predict(o.delayMillis(), o.podArrivalsPerSecond()).p99Millis();
        return new Plan(o.candidate().workersPerPod(), o.candidate().batch(), o.delayMillis(), o.replicas(), p99,
                throughput, request.hardware().hasGpu() ? memory.perPodMiB() : 0, feasible, reason, binding, memory,
                o.utilisation(), runnerUp);
    }

    private BindingConstraint feasibleBinding(Option chosen) {
        Double throughput = request.sla().throughputPerSecond();
        if (throughput == null) {
            return BindingConstraint.LATENCY;
        }
        int forCapacity = (int) Math.ceil(throughput / chosen.candidate().capacityPerPod(CapacityPlanner.UTILISATION_CAP));
        if (chosen.replicas() == request.bounds().minReplicas() && forCapacity < chosen.replicas()) {
            return BindingConstraint.MIN_REPLICAS;
        }
        return chosen.replicas() > forCapacity ? BindingConstraint.LATENCY : BindingConstraint.THROUGHPUT;
    }

    private static String bindingText(BindingConstraint binding) {
        return switch (binding) {
            case THROUGHPUT -> "replicas set by throughput";
            case LATENCY -> "replicas set by the p99";
            case MIN_REPLICAS -> "replicas set by minReplicas";
            default -> binding.name();
        };
    }

    private double load(Option o) {
        return o.podArrivalsPerSecond() * o.replicas();
    }

    private static String shape(Option o) {
        Candidate c = o.candidate();
        return c.workersPerPod() + " worker" + (c.workersPerPod() == 1 ? "" : "s") + " x batch " + c.batch() + " ("
                + o.delayMillis() + " ms delay)";
    }

    private String memoryText(MemoryBreakdown m) {
        Hardware hw = request.hardware();
        if (hw.hasGpu()) {
            return Format.mib(hw.gpuMemoryMiB()) + " (" + Format.mib(m.perProcessMiB()) + " used per GPU)";
        }
        return "the " + Format.mib(hw.memoryLimitMiB()) + " limit (" + Format.mib(m.perProcessMiB()) + " used)";
    }

    private String beat(RunnerUp runnerUp) {
        return runnerUp == null ? "" : "; beat " + runnerUp.summary(request.hardware().hasGpu() ? "GPUs" : "pods");
    }

    private String pinsText() {
        Pins pins = request.pins();
        List<String> parts = new ArrayList<>();
        if (pins.workers() != null) {
            parts.add("workers " + pins.workers());
        }
        if (pins.maxBatchSize() != null) {
            parts.add("maxBatchSize " + pins.maxBatchSize());
        }
        if (pins.maxBatchDelayMillis() != null) {
            parts.add(String.format(Locale.ROOT, "maxBatchDelayMillis %d", pins.maxBatchDelayMillis()));
        }
        return String.join(", ", parts);
    }
}
