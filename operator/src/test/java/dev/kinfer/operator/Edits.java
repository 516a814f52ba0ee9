package dev.kinfer.operator;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * A test's own edit of a resource the operator is writing at the same moment: Fabric8's {@code edit} reads, then
 * patches with the resourceVersion it read, and the API server answers 409 when the operator wrote in between (as
 * kubectl would see, and retry). Used inside a bounded Awaitility wait, so a test retries the edit, never sleeps.
 */
public final class Edits {
    private Edits() {
    }

    /** Runs the edit; false when the resource changed under it (409), so the caller's wait tries again. */
    public static boolean applied(Runnable edit) {
        try {
            edit.run();
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return false;
            }
            throw e;
        }
    }
}
