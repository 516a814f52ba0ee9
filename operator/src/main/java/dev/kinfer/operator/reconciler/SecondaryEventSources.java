package dev.kinfer.operator.reconciler;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.desired.GpuMemory;
import dev.kinfer.operator.desired.Labels;
import dev.kinfer.operator.profile.ProfilingJobBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Informers besides the workflow's: the profiling Jobs (owned by the InferenceService); the pods the operator's
 * resources make (profiling pods, owned by their Job, and predictor pods, owned by a ReplicaSet; both mapped back by
 * the instance label), read for profiling results and for failed model downloads; all label-selected so that not
 * every Job and pod is cached; and the nodes that carry a GPU memory label, read when planning a GPU pod without
 * spec.predictor.gpuMemory.
 */
final class SecondaryEventSources {

    private static final String GPU_NODES = "gpu-nodes";

    private SecondaryEventSources() {
    }

    /** The cached nodes labelled with nvidia.com/gpu.memory. */
    @SuppressWarnings("unchecked")
    static Collection<Node> gpuNodes(Context<InferenceService> context) {
        var source = (InformerEventSource<Node, InferenceService>) context.eventSourceRetriever()
                .getEventSourceFor(Node.class, GPU_NODES);
        return source.list(node -> true).toList();
    }

    /**
     * @param plannedFromNodes the services whose plan took its GPU memory from node labels (or the default for want of
     *        them): a GPU node appearing, changing or going re-plans exactly these
     */
    static List<EventSource<?, InferenceService>> of(EventSourceContext<InferenceService> context,
            Set<ResourceID> plannedFromNodes) {
        var jobs = InformerEventSourceConfiguration.from(Job.class, InferenceService.class)
                .withName("profiling-jobs")
                .withLabelSelector(ProfilingJobBuilder.SELECTOR)
                .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(InferenceService.class))
                .build();
        var pods = InformerEventSourceConfiguration.from(Pod.class, InferenceService.class)
                .withName("pods")
                .withLabelSelector(Labels.MANAGED_SELECTOR)
                .withSecondaryToPrimaryMapper((Pod pod) -> {
                    String instance = pod.getMetadata().getLabels() == null ? null
                            : pod.getMetadata().getLabels().get(Labels.INSTANCE);
                    return instance == null ? Set.of()
                            : Set.of(new ResourceID(instance, pod.getMetadata().getNamespace()));
                })
                .build();
        var nodes = InformerEventSourceConfiguration.from(Node.class, InferenceService.class)
                .withName(GPU_NODES)
                .withLabelSelector(GpuMemory.NODE_LABEL)
                .withSecondaryToPrimaryMapper((Node node) -> Set.copyOf(plannedFromNodes))
                .build();
        return List.of(new InformerEventSource<>(jobs, context), new InformerEventSource<>(pods, context),
                new InformerEventSource<>(nodes, context));
    }
}
