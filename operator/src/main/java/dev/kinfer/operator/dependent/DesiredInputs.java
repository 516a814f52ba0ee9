package dev.kinfer.operator.dependent;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.config.OperatorConfig;
import dev.kinfer.operator.desired.Sizing;
import io.javaoperatorsdk.operator.api.reconciler.Context;

/**
 * What the dependents need besides the primary resource, decided once per reconcile by the reconciler and
 * handed over through the workflow context. Keeps the sizing decision (later: the planner) out of the
 * dependents, which only render it.
 */
public record DesiredInputs(Sizing sizing, OperatorConfig config) {

    private static final String KEY = DesiredInputs.class.getName();

    public void putInto(Context<InferenceService> context) {
        context.managedWorkflowAndDependentResourceContext().put(KEY, this);
    }

    static DesiredInputs from(Context<InferenceService> context) {
        return context.managedWorkflowAndDependentResourceContext().getMandatory(KEY, DesiredInputs.class);
    }
}
