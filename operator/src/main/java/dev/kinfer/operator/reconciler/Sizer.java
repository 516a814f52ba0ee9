package dev.kinfer.operator.reconciler;

import dev.kinfer.api.v1alpha1.InferenceServiceSpec;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.operator.config.OperatorConfig;
import dev.kinfer.operator.desired.GpuMemory;
import dev.kinfer.operator.desired.PinnedSizing;
import dev.kinfer.operator.desired.PlanRequest;
import dev.kinfer.operator.desired.PlannedSizing;
import dev.kinfer.operator.desired.Sizing;
import dev.kinfer.operator.planner.CapacityPlanner;
import dev.kinfer.operator.planner.Plan;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Collection;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides the sizes of a valid InferenceService: planned against the SLA when there is one and a profile to plan
 * from, else from pins and defaults. A plan takes the planner up to a second, so plans are remembered by their
 * inputs (an LRU of {@code kinfer.operator.plan-cache-size}); an unchanged resource is never planned twice.
 */
@ApplicationScoped
public class Sizer {

    private final CapacityPlanner planner = new CapacityPlanner();
    private final PlannedSizing.Defaults defaults;
    private final Map<PlanRequest, Plan> plans;

    public Sizer(OperatorConfig config) {
        this.defaults = new PlannedSizing.Defaults(PlannedSizing.mib(new Quantity(config.defaultGpuMemory())),
                PlannedSizing.mib(new Quantity(config.defaultMemoryLimit())), config.memoryHeadroom());
        int capacity = config.planCacheSize();
        this.plans = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<PlanRequest, Plan> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The sizes for a spec that passed validation.
     *
     * @param profile the profile to plan from (declared or measured), or null when there is none yet
     * @param waiting why there is no profile yet (e.g. a profiling Job is measuring), for the plan's reason
     * @param gpuNodes nodes labelled with their GPU memory, for a GPU pod whose spec does not say
     * @throws IllegalArgumentException when the SLA or profile cannot be planned with; the message names the field
     */
    public Sizing size(InferenceServiceSpec spec, ProfileSpec profile, String waiting, Collection<Node> gpuNodes) {
        Sizing pinned = PinnedSizing.of(spec.getPredictor());
        if (spec.getSla() == null) {
            return pinned;
        }
        if (profile == null || profile.getPoints() == null || profile.getPoints().isEmpty()) {
            return pinned.withOutcome(Sizing.Outcome.PROFILE_MISSING, "spec.sla is set but there is no profile to "
                    + "plan from yet (" + waiting + "); running pins and defaults meanwhile");
        }
        GpuMemory gpuMemory = GpuMemory.resolve(spec.getPredictor(), gpuNodes, defaults.gpuMemoryMiB());
        PlanRequest request = PlannedSizing.request(spec.getPredictor(), spec.getSla(), profile, defaults, gpuMemory);
        Plan plan = plans.computeIfAbsent(request,
                r -> planner.plan(r.profile(), r.hardware(), r.sla(), r.pins(), r.bounds()));
        return PlannedSizing.of(plan, gpuMemory, request.sla());
    }
}
