package dev.kinfer.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;

/**
 * Whether two statuses would serialise the same. Comparing JSON trees rather than objects means a field added
 * to the status type later is compared without anyone remembering to extend an equals method.
 */
public final class StatusDiff {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusDiff() {
    }

    /** A deep copy, so that a status can be derived from another without sharing its lists. */
    public static InferenceServiceStatus copy(InferenceServiceStatus status) {
        return JSON.convertValue(status, InferenceServiceStatus.class);
    }

    public static boolean same(InferenceServiceStatus a, InferenceServiceStatus b) {
        return JSON.valueToTree(a == null ? new InferenceServiceStatus() : a)
                .equals(JSON.valueToTree(b == null ? new InferenceServiceStatus() : b));
    }
}
