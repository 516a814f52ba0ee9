package dev.kinfer.operator.desired;

import dev.kinfer.operator.planner.Bounds;
import dev.kinfer.operator.planner.Hardware;
import dev.kinfer.operator.planner.ModelProfile;
import dev.kinfer.operator.planner.Pins;
import dev.kinfer.operator.planner.Sla;

/** Everything the capacity planner is asked, as plain values: equal requests get equal plans (and share a cache entry). */
public record PlanRequest(ModelProfile profile, Hardware hardware, Sla sla, Pins pins, Bounds bounds) {
}
