package dev.kinfer.operator.reconciler;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.desired.Labels;
import dev.kinfer.operator.profile.ProfilingJobBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.List;
import java.util.Set;

/**
 * Informers for the profiling Jobs (owned by the InferenceService) and their pods (owned by the Job, so mapped
 * back by the instance label). Both watch only objects labelled as kinfer profilers, not every Job and pod.
 */
final class ProfilingEventSources {

    private ProfilingEventSources() {
    }

    static List<EventSource<?, InferenceService>> of(EventSourceContext<InferenceService> context) {
        var jobs = InformerEventSourceConfiguration.from(Job.class, InferenceService.class)
                .withName("profiling-jobs")
                .withLabelSelector(ProfilingJobBuilder.SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(InferenceService.class))
                .build();
        var pods = InformerEventSourceConfiguration.from(Pod.class, InferenceService.class)
                .withName("profiling-pods")
                .withLabelSelector(ProfilingJobBuilder.SELECTOR)
                .withSecondaryToPrimaryMapper((Pod pod) -> {
                    String instance = pod.getMetadata().getLabels() == null ? null
                            : pod.getMetadata().getLabels().get(Labels.INSTANCE);
                    return instance == null ? Set.of()
                            : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
                })
                .build();
        return List.of(new InformerEventSource<>(jobs, context), new InformerEventSource<>(pods, context));
    }
}
