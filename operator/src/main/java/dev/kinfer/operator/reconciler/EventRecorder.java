package dev.kinfer.operator.reconciler;

import dev.kinfer.api.v1alpha1.InferenceService;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Writes core/v1 Events about an InferenceService (what {@code kubectl describe} lists). An Event that cannot be
 * written is logged and dropped: it must never fail a reconcile.
 */
final class EventRecorder {

    static final String COMPONENT = "kinfer-operator";
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    private static final int MAX_MESSAGE = 1024;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private EventRecorder() {
    }

    static void normal(KubernetesClient client, InferenceService isvc, String reason, String message) {
        record(client, isvc, "Normal", reason, message);
    }

    static void warning(KubernetesClient client, InferenceService isvc, String reason, String message) {
        record(client, isvc, "Warning", reason, message);
    }

    private static void record(KubernetesClient client, InferenceService isvc, String type, String reason,
            String message) {
        String now = Instant.now().toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                    .withName(isvc.getMetadata().getName() + "." + Long.toHexString(System.currentTimeMillis())
                            + Long.toHexString(SEQUENCE.incrementAndGet()))
                    .withNamespace(isvc.getMetadata().getNamespace())
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(isvc.getApiVersion()).withKind(isvc.getKind())
                        .withName(isvc.getMetadata().getName()).withNamespace(isvc.getMetadata().getNamespace())
                        .withUid(isvc.getMetadata().getUid()).withResourceVersion(isvc.getMetadata().getResourceVersion())
                        .build())
                .withType(type)
                .withReason(reason)
                .withMessage(message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "...")
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .build();
        try {
            client.v1().events().inNamespace(isvc.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("%s/%s: could not record event %s (%s): %s", isvc.getMetadata().getNamespace(),
                    isvc.getMetadata().getName(), reason, message, e.getMessage());
        }
    }
}
