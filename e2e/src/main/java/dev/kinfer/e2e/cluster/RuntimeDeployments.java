package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;

/**
 * Which Deployments the node agent runs: only an InferenceService's, since a replica is always a model runtime
 * process. Any other Deployment, such as the operator's own from the Helm chart, has no process to stand for its
 * containers, so the agent leaves it alone: it runs nothing and gets no status, as on a cluster without nodes.
 */
final class RuntimeDeployments {

    static final String KIND = "InferenceService";
    static final String GROUP = "serving.kinfer.dev";

    private RuntimeDeployments() {
    }

    static boolean isRuntime(Deployment deployment) {
        List<OwnerReference> owners = deployment.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> KIND.equals(o.getKind())
                && o.getApiVersion() != null && o.getApiVersion().startsWith(GROUP + "/"));
    }
}
