package dev.kinfer.operator.reconciler;

import dev.kinfer.api.v1alpha1.Conditions;
import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;
import dev.kinfer.operator.config.OperatorConfig;
import dev.kinfer.operator.dependent.DesiredInputs;
import dev.kinfer.operator.dependent.PredictorDeploymentDependent;
import dev.kinfer.operator.dependent.PredictorDisruptionBudgetDependent;
import dev.kinfer.operator.dependent.PredictorServiceDependent;
import dev.kinfer.operator.dependent.SeveralReplicas;
import dev.kinfer.operator.desired.Sizing;
import dev.kinfer.operator.profile.ProfilingJobBuilder;
import dev.kinfer.operator.profile.ProfilingJobs;
import dev.kinfer.operator.profile.ProfilingPolicy;
import dev.kinfer.operator.profile.ProfilingStep;
import dev.kinfer.operator.status.FetchFailures;
import dev.kinfer.operator.status.PlanChange;
import dev.kinfer.operator.status.StatusAggregator;
import dev.kinfer.operator.status.StatusDiff;
import dev.kinfer.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Workflow;
import io.javaoperatorsdk.operator.api.reconciler.dependent.Dependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Turns an InferenceService into a predictor Deployment and Service. The workflow of dependents runs only for a
 * valid spec, so an invalid resource creates nothing and an invalid edit leaves the last good Deployment
 * running; either way the status says why. Never waits: Deployment events bring the next reconcile.
 */
@Workflow(explicitInvocation = true, dependents = {
        @Dependent(name = "deployment", type = PredictorDeploymentDependent.class),
        @Dependent(name = "service", type = PredictorServiceDependent.class),
        @Dependent(name = "disruption-budget", type = PredictorDisruptionBudgetDependent.class,
                reconcilePrecondition = SeveralReplicas.class)
})
@ControllerConfiguration(name = InferenceServiceReconciler.NAME)
public class InferenceServiceReconciler implements Reconciler<InferenceService> {

    public static final String NAME = "inferenceservice";
    private static final int MAX_MESSAGE = 1024;
    private static final Logger LOG = Logger.getLogger(InferenceServiceReconciler.class);

    private final OperatorConfig config;
    private final StatusAggregator aggregator;
    private final Sizer sizer;
    private final ProfilingPolicy profilingPolicy;
    private final Clock clock = Clock.systemUTC();
    /** Services planned with GPU memory from node labels (or the default): GPU node events re-plan them. */
    private final Set<ResourceID> plannedFromNodes = ConcurrentHashMap.newKeySet();

    public InferenceServiceReconciler(OperatorConfig config, Sizer sizer) {
        this.config = config;
        this.sizer = sizer;
        this.aggregator = new StatusAggregator(config.clusterDomain(), clock);
        this.profilingPolicy = new ProfilingPolicy(config.profilingInitialBackoff(), config.profilingMaxBackoff());
    }

    @Override
    public List<EventSource<?, InferenceService>> prepareEventSources(EventSourceContext<InferenceService> context) {
        return SecondaryEventSources.of(context, plannedFromNodes);
    }

    @Override
    public UpdateControl<InferenceService> reconcile(InferenceService isvc, Context<InferenceService> context) {
        List<String> problems = SpecValidator.validate(isvc);
        Sizing sizing = null;
        ProfilingStep profiling = null;
        if (problems.isEmpty()) {
            profiling = profiling(isvc, context);
            try {
                sizing = sizer.size(isvc.getSpec(), profiling.profile(), profiling.conditionMessage(),
                        SecondaryEventSources.gpuNodes(context));
            } catch (IllegalArgumentException e) {
                problems = List.of(e.getMessage());
            }
        }
        if (sizing != null && sizing.gpuMemory() != null && isvc.getSpec().getPredictor().getGpuMemory() == null) {
            plannedFromNodes.add(ResourceID.fromResource(isvc));
        } else {
            plannedFromNodes.remove(ResourceID.fromResource(isvc));
        }
        if (sizing != null) {
            new DesiredInputs(sizing, config).putInto(context);
            context.managedWorkflowAndDependentResourceContext().reconcileManagedWorkflow();
        } else {
            LOG.debugf("invalid, leaving its resources as they are: %s", problems);
        }
        // Read after the workflow: the informer cache already holds what it just created or updated.
        Deployment deployment = context.getSecondaryResource(Deployment.class).orElse(null);
        boolean serviceExists = context.getSecondaryResource(Service.class).isPresent();
        List<String> fetchFailures = FetchFailures.of(context.getSecondaryResources(Pod.class),
                isvc.getMetadata().getName());
        InferenceServiceStatus status = aggregator.aggregate(isvc, problems, sizing, deployment, serviceExists,
                sizing == null ? null : profiling, fetchFailures);
        recordEvents(isvc, problems, status, context);
        UpdateControl<InferenceService> control;
        if (StatusDiff.same(isvc.getStatus(), status)) {
            control = UpdateControl.noUpdate();
        } else {
            logReadyChange(isvc.getStatus(), status);
            isvc.setStatus(status);
            control = UpdateControl.patchStatus(isvc);
        }
        // A failed profiling Job is retried once its backoff passes; no event would bring that moment.
        return profiling != null && profiling.recheckAfter() != null ? control.rescheduleAfter(profiling.recheckAfter())
                : control;
    }

    /** Events for what a person would want in `kubectl describe`: each plan change, and a newly invalid spec. */
    private static void recordEvents(InferenceService isvc, List<String> problems, InferenceServiceStatus status,
            Context<InferenceService> context) {
        InferenceServiceStatus previous = isvc.getStatus();
        if (problems.isEmpty()) {
            PlanChange.between(previous == null ? null : previous.getPlan(), status.getPlan())
                    .ifPresent(change -> EventRecorder.normal(context.getClient(), isvc, "PlanChanged", change));
        } else if (previous == null || !Objects.equals(previous.getObservedGeneration(), status.getObservedGeneration())
                || !StatusDiff.same(previous, status)) {
            // Once per generation (and per change of what is reported), not on every resync.
            EventRecorder.warning(context.getClient(), isvc, Conditions.Reasons.INVALID_SPEC, String.join("; ", problems));
        }
    }

    /**
     * One line per change of Ready (status or reason), not per reconcile. It names no resource: JOSDK puts
     * resource.namespace and resource.name into the MDC of the reconcile, and the log format prints them.
     */
    private static void logReadyChange(InferenceServiceStatus previous, InferenceServiceStatus status) {
        Condition before = ready(previous);
        Condition after = ready(status);
        if (after != null && (before == null || !Objects.equals(before.getStatus(), after.getStatus())
                || !Objects.equals(before.getReason(), after.getReason()))) {
            LOG.infof("Ready=%s %s: %s", after.getStatus(), after.getReason(), after.getMessage());
        }
    }

    private static Condition ready(InferenceServiceStatus status) {
        return status == null || status.getConditions() == null ? null : status.getConditions().stream()
                .filter(c -> Conditions.READY.equals(c.getType())).findFirst().orElse(null);
    }

    /** Decides about the profile and carries out the Job actions; the Jobs' events bring the next reconcile. */
    private ProfilingStep profiling(InferenceService isvc, Context<InferenceService> context) {
        ProfilingJobs jobs = new ProfilingJobs(context.getSecondaryResources(Job.class),
                context.getSecondaryResources(Pod.class), isvc.getSpec().getPredictor().getModel().getStorageUri());
        ProfilingStep step = profilingPolicy.decide(isvc, jobs, clock.instant());
        for (Job job : step.delete()) {
            context.getClient().resource(job).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        }
        if (step.createAttempt() != null) {
            Job job = ProfilingJobBuilder.build(isvc, step.createAttempt(), config);
            LOG.info(step.conditionMessage());
            context.getClient().resource(job).create();
        }
        return step;
    }

    /**
     * A failed apply (say the API server rejects the Deployment) shows up as Ready=False/ReconcileFailed; JOSDK
     * keeps retrying with backoff, and the next spec change starts afresh.
     */
    @Override
    public ErrorStatusUpdateControl<InferenceService> updateErrorStatus(InferenceService isvc,
            Context<InferenceService> context, Exception e) {
        InferenceServiceStatus status = aggregator.failed(isvc, summary(e));
        if (StatusDiff.same(isvc.getStatus(), status)) {
            return ErrorStatusUpdateControl.noStatusUpdate();
        }
        isvc.setStatus(status);
        return ErrorStatusUpdateControl.patchStatus(isvc);
    }

    // Condition messages are read by people in kubectl; the API server's own error is the useful part.
    static String summary(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...";
    }
}
