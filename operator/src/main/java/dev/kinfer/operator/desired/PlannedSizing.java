package dev.kinfer.operator.desired;

import dev.kinfer.api.v1alpha1.BatchingSpec;
import dev.kinfer.api.v1alpha1.PredictorSpec;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.planner.Bounds;
import dev.kinfer.operator.planner.Hardware;
import dev.kinfer.operator.planner.ModelProfile;
import dev.kinfer.operator.planner.Pins;
import dev.kinfer.operator.planner.Plan;
import dev.kinfer.operator.planner.ProfilePoint;
import dev.kinfer.operator.planner.RequestCost;
import dev.kinfer.operator.planner.SpeedDrift;
import dev.kinfer.operator.planner.Sla;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Translates an InferenceService's predictor, SLA and profile into a {@link PlanRequest} for the capacity planner,
 * and the planner's {@link Plan} back into {@link Sizing}. Pure: the planner knows nothing of Kubernetes, and this
 * class is the only place where the two vocabularies meet.
 */
public final class PlannedSizing {

    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    /** The planner counts replicas from one; minReplicas 0 (scale to zero) is not planned. */
    private static final int MIN_PLANNED_REPLICAS = 1;
    /** Upper replica bound when an SLA is given and spec.predictor.maxReplicas is not. */
    public static final int DEFAULT_MAX_REPLICAS_WITH_SLA = 10;
    private static final double MIB = 1024.0 * 1024.0;
    /** The runtime's queue holds references to parsed requests; beyond this a queue only hides overload. */
    static final int MAX_QUEUE_CAPACITY = 65_536;
    /**
     * A pod that carries little in its queue window (a slow model, a low rate) would get a queue of a handful of
     * requests, which a burst of arrivals overflows with 503s while the pod is far from full (seen in the planner
     * validation: 134 refusals at 4 % utilisation with a queue of 6). No queue is planned shorter than this.
     */
    static final int MIN_QUEUE_CAPACITY = 64;

    private PlannedSizing() {
    }

    /**
     * Installation defaults for what a spec may leave out.
     *
     * @param gpuMemoryMiB memory of one GPU when neither spec.predictor.gpuMemory nor a node label says (see
     *        {@link GpuMemory})
     * @param memoryLimitMiB memory of a CPU-only pod without a memory limit or request
     * @param headroomFraction share of device memory the planner leaves free
     */
    public record Defaults(double gpuMemoryMiB, double memoryLimitMiB, double headroomFraction) {
    }

    /**
     * The planner's inputs for a valid predictor with an SLA and a profile. Values the planner refuses (a profile
     * whose p99 is below its p50, say) throw {@link IllegalArgumentException} naming the spec field.
     */
    public static PlanRequest request(PredictorSpec predictor, SlaSpec sla, ProfileSpec profile, Defaults defaults,
            GpuMemory gpuMemory) {
        try {
            BatchingSpec batching = predictor.getBatching() == null ? new BatchingSpec() : predictor.getBatching();
            int min = Math.max(MIN_PLANNED_REPLICAS, predictor.getMinReplicas() == null ? 1 : predictor.getMinReplicas());
            int max = predictor.getMaxReplicas() == null ? Math.max(min, DEFAULT_MAX_REPLICAS_WITH_SLA)
                    : Math.max(min, predictor.getMaxReplicas());
            return new PlanRequest(modelProfile(profile), hardware(predictor, defaults, gpuMemory),
                    new Sla(sla.getP99LatencyMillis(), sla.getThroughputPerSecond()),
                    new Pins(predictor.getWorkers(), batching.getMaxBatchSize(), batching.getMaxBatchDelayMillis()),
                    new Bounds(min, max));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("spec." + e.getMessage(), e);
        }
    }

    /** The plan as the sizes the Deployment is built with and the status shows. */
    public static Sizing of(Plan plan, GpuMemory gpuMemory, Sla sla) {
        Double p99 = Double.isFinite(plan.predictedP99Millis()) ? round(plan.predictedP99Millis(), 2) : null;
        return new Sizing(plan.workersPerPod(), plan.maxBatchSize(), plan.maxBatchDelayMillis(), plan.replicas(),
                plan.feasible(), plan.reason(), p99, round(plan.predictedThroughputPerSecond(), 1),
                plan.gpuMemoryPerPodMiB() > 0 ? round(plan.gpuMemoryPerPodMiB(), 0) : null,
                plan.feasible() ? Sizing.Outcome.SLA_MET : Sizing.Outcome.SLA_NOT_MET,
                plan.gpuMemoryPerPodMiB() > 0 ? gpuMemory : null, queueCapacity(plan, sla));
    }

    /**
     * The shortest stall a planned queue rides out without refusing requests: a pod whose CPU limit ran out early in
     * a CFS period (100 ms by default) is stopped for the rest of it, and a garbage collection or a descheduled event
     * loop on a shared node stops it for tens of milliseconds (the planner validation's 20 s windows at 60-85 % of a
     * 2-core host: maxima of 38-91 ms).
     */
    static final double MIN_QUEUE_SECONDS = 0.100;

    /**
     * Requests one pod may hold waiting: what the pod carries in twice the p99 target, or in {@link
     * #MIN_QUEUE_SECONDS} when that is longer, plus the samples in flight; at least two batches per worker so that
     * batches can form, and at least {@link #MIN_QUEUE_CAPACITY}. Without a p99 target the window is one second.
     * <p>
     * The queue is the pod's overload protection, not its latency target: a p99 target allows one answer in a
     * hundred to be late and asks for no refusals, so the queue must absorb a stall longer than the target (sized to
     * the target alone, it turned 15 of 246,516 answers in the validation into 503s at 60 % load); under sustained
     * overload it still bounds every admitted request's wait to twice the target (or the floor), and the 503s send
     * clients elsewhere. A client that wants a late answer dropped sets its deadline (504, work skipped).
     * <p>
     * The rate is the pod's planned capacity, not its share of the SLA throughput, so that a re-plan that only
     * changes the replica count leaves the pod template (and the pods) alone; only a best-effort plan that carries
     * nothing within the target falls back to its share of the SLA.
     */
    static int queueCapacity(Plan plan, Sla sla) {
        double perPod = plan.predictedThroughputPerSecond() / plan.replicas();
        if (perPod <= 0 && sla.throughputPerSecond() != null) {
            perPod = sla.throughputPerSecond() / plan.replicas();
        }
        double windowSeconds = sla.p99Millis() != null ? Math.max(MIN_QUEUE_SECONDS, 2 * sla.p99Millis() / 1000.0) : 1.0;
        int inFlight = plan.workersPerPod() * plan.maxBatchSize();
        long arriving = (long) Math.ceil(perPod * windowSeconds);
        return (int) Math.min(MAX_QUEUE_CAPACITY, Math.max(Math.max(MIN_QUEUE_CAPACITY, 2L * inFlight),
                arriving + inFlight));
    }

    /** The planner's view of a profile from the spec or the status (also used by the validation benchmark). */
    public static ModelProfile modelProfile(ProfileSpec profile) {
        for (int i = 0; i < profile.getPoints().size(); i++) {
            dev.kinfer.api.v1alpha1.ProfilePoint p = profile.getPoints().get(i);
            if (p.getWorkers() == null || p.getBatch() == null || p.getThroughputPerSecond() == null) {
                throw new IllegalArgumentException("profile.points[" + i + "] needs workers, batch and "
                        + "throughputPerSecond");
            }
            if (p.getP50Millis() == null && p.getP99Millis() == null) {
                throw new IllegalArgumentException("profile.points[" + i + "] needs p50Millis or p99Millis");
            }
        }
        List<ProfilePoint> points = profile.getPoints().stream()
                .map(p -> new ProfilePoint(p.getWorkers(), p.getBatch(), p.getThroughputPerSecond(),
                        p.getP50Millis() != null ? p.getP50Millis() : p.getP99Millis(),
                        p.getP99Millis() != null ? p.getP99Millis() : p.getP50Millis(),
                        p.getMemoryMiB() != null ? p.getMemoryMiB() : weights(profile)))
                .toList();
        double overhead = profile.getRequestOverheadMillis() == null ? 0 : profile.getRequestOverheadMillis();
        RequestCost cost = new RequestCost(overhead,
                profile.getRequestCpuMillis() == null ? 0 : profile.getRequestCpuMillis(),
                profile.getRequestOverheadP99Millis() == null ? overhead : profile.getRequestOverheadP99Millis(),
                profile.getRequestOverheadP99Utilisation() == null ? Double.NaN : profile.getRequestOverheadP99Utilisation(),
                profile.getRequestBatchCpuMillis() == null ? 0 : profile.getRequestBatchCpuMillis());
        List<SpeedDrift.Scale> drift = new java.util.ArrayList<>();
        if (profile.getSpeedDrift() != null) {
            for (int i = 0; i < profile.getSpeedDrift().size(); i++) {
                dev.kinfer.api.v1alpha1.SpeedDriftScale s = profile.getSpeedDrift().get(i);
                if (s == null || s.getSeconds() == null || s.getVariance() == null) {
                    throw new IllegalArgumentException("profile.speedDrift[" + i + "] needs seconds and variance");
                }
                drift.add(new SpeedDrift.Scale(s.getSeconds(), s.getVariance()));
            }
        }
        return new ModelProfile(weights(profile),
                profile.getContextMiB() == null ? ModelProfile.DEFAULT_CONTEXT_MIB : profile.getContextMiB(), points, cost,
                new SpeedDrift(drift));
    }

    static Hardware hardware(PredictorSpec predictor, Defaults defaults, GpuMemory gpuMemory) {
        ResourceRequirements resources = predictor.getResources();
        Map<String, Quantity> limits = resources == null || resources.getLimits() == null ? Map.of()
                : resources.getLimits();
        Map<String, Quantity> requests = resources == null || resources.getRequests() == null ? Map.of()
                : resources.getRequests();
        int gpus = limits.containsKey(GPU_RESOURCE) ? limits.get(GPU_RESOURCE).getNumericalAmount().intValue() : 0;
        if (gpus > 0) {
            return Hardware.gpu(gpus, gpuMemory.mib(), defaults.headroomFraction());
        }
        Quantity cpu = limits.getOrDefault("cpu", requests.get("cpu"));
        int cores = cpu == null ? 1 : Math.max(1, cpu.getNumericalAmount().setScale(0, RoundingMode.CEILING).intValue());
        Quantity memory = limits.getOrDefault("memory", requests.get("memory"));
        return Hardware.cpuOnly(cores, memory == null ? defaults.memoryLimitMiB() : mib(memory),
                defaults.headroomFraction());
    }

    private static double weights(ProfileSpec profile) {
        return profile.getWeightsMiB() == null ? 0 : profile.getWeightsMiB();
    }

    /** A Kubernetes quantity in MiB (binary: 1Gi = 1024 MiB). */
    public static double mib(Quantity quantity) {
        return Quantity.getAmountInBytes(quantity).doubleValue() / MIB;
    }

    private static double round(double value, int decimals) {
        return BigDecimal.valueOf(value).setScale(decimals, RoundingMode.HALF_UP).doubleValue();
    }
}
