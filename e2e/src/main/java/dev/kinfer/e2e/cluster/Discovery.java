package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API discovery documents kubectl and helm read before anything else ({@code /api}, {@code /api/v1},
 * {@code /apis}, {@code /apis/<group>}, {@code /apis/<group>/<version>}), for the built-in kinds the local cluster
 * holds and every stored CustomResourceDefinition. The mock API server serves none of them.
 */
final class Discovery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");

    /** A kind the cluster serves: group ("" for core), version, plural, kind, scope, short names. */
    record Resource(String group, String version, String plural, String kind, boolean namespaced,
                    List<String> shortNames) {
        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<Resource> BUILT_IN = List.of(
            new Resource("", "v1", "pods", "Pod", true, List.of("po")),
            new Resource("", "v1", "services", "Service", true, List.of("svc")),
            new Resource("", "v1", "configmaps", "ConfigMap", true, List.of("cm")),
            new Resource("", "v1", "secrets", "Secret", true, List.of()),
            new Resource("", "v1", "serviceaccounts", "ServiceAccount", true, List.of("sa")),
            new Resource("", "v1", "endpoints", "Endpoints", true, List.of("ep")),
            new Resource("", "v1", "events", "Event", true, List.of("ev")),
            new Resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, List.of("pvc")),
            new Resource("", "v1", "namespaces", "Namespace", false, List.of("ns")),
            new Resource("", "v1", "nodes", "Node", false, List.of("no")),
            new Resource("apps", "v1", "deployments", "Deployment", true, List.of("deploy")),
            new Resource("apps", "v1", "replicasets", "ReplicaSet", true, List.of("rs")),
            new Resource("apps", "v1", "statefulsets", "StatefulSet", true, List.of("sts")),
            new Resource("apps", "v1", "daemonsets", "DaemonSet", true, List.of("ds")),
            new Resource("batch", "v1", "jobs", "Job", true, List.of()),
            new Resource("batch", "v1", "cronjobs", "CronJob", true, List.of("cj")),
            new Resource("events.k8s.io", "v1", "events", "Event", true, List.of("ev")),
            new Resource("coordination.k8s.io", "v1", "leases", "Lease", true, List.of()),
            new Resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, List.of("pdb")),
            new Resource("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, List.of("netpol")),
            new Resource("networking.k8s.io", "v1", "ingresses", "Ingress", true, List.of("ing")),
            new Resource("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true,
                    List.of("hpa")),
            new Resource("rbac.authorization.k8s.io", "v1", "roles", "Role", true, List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true, List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false, List.of()),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false,
                    List.of()),
            new Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition",
                    false, List.of("crd", "crds")));

    private final List<Resource> resources;

    /** @param crds the stored CustomResourceDefinitions, as JSON */
    Discovery(List<JsonNode> crds) {
        this.resources = new ArrayList<>(BUILT_IN);
        for (JsonNode crd : crds) {
            JsonNode spec = crd.path("spec");
            List<String> shortNames = new ArrayList<>();
            spec.path("names").path("shortNames").forEach(n -> shortNames.add(n.asText()));
            for (JsonNode version : spec.path("versions")) {
                if (version.path("served").asBoolean(true)) {
                    resources.add(new Resource(spec.path("group").asText(), version.path("name").asText(),
                            spec.path("names").path("plural").asText(), spec.path("names").path("kind").asText(),
                            !"Cluster".equals(spec.path("scope").asText()), shortNames));
                }
            }
        }
    }

    ObjectNode coreVersions() {
        ObjectNode doc = JSON.createObjectNode().put("kind", "APIVersions");
        doc.putArray("versions").add("v1");
        doc.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0")
                .put("serverAddress", "127.0.0.1");
        return doc;
    }

    ObjectNode groupList() {
        ObjectNode doc = JSON.createObjectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
        ArrayNode groups = doc.putArray("groups");
        versionsByGroup().forEach((group, versions) -> {
            if (!group.isEmpty()) {
                groups.add(group(group, versions));
            }
        });
        return doc;
    }

    Optional<ObjectNode> group(String name) {
        List<String> versions = versionsByGroup().get(name);
        if (versions == null || name.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(group(name, versions).put("kind", "APIGroup").put("apiVersion", "v1"));
    }

    /** The APIResourceList of one group version ({@code "v1"} for the core group), empty when unknown. */
    Optional<ObjectNode> resourceList(String groupVersion) {
        List<Resource> matching = resources.stream().filter(r -> r.groupVersion().equals(groupVersion)).toList();
        if (matching.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", groupVersion);
        ArrayNode list = doc.putArray("resources");
        for (Resource r : matching) {
            ObjectNode node = list.addObject().put("name", r.plural()).put("singularName", r.kind().toLowerCase())
                    .put("namespaced", r.namespaced()).put("kind", r.kind());
            ALL_VERBS.forEach(node.putArray("verbs")::add);
            if (!r.shortNames().isEmpty()) {
                r.shortNames().forEach(node.putArray("shortNames")::add);
            }
            list.addObject().put("name", r.plural() + "/status").put("singularName", "")
                    .put("namespaced", r.namespaced()).put("kind", r.kind())
                    .set("verbs", JSON.createArrayNode().add("get").add("patch").add("update"));
        }
        return Optional.of(doc);
    }

    /** The kind of a resource, by its group version ({@code "v1"} for the core group) and plural. */
    Optional<String> kind(String groupVersion, String plural) {
        return resources.stream().filter(r -> r.groupVersion().equals(groupVersion) && r.plural().equals(plural))
                .map(Resource::kind).findFirst();
    }

    private Map<String, List<String>> versionsByGroup() {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (Resource r : resources) {
            List<String> versions = groups.computeIfAbsent(r.group(), g -> new ArrayList<>());
            if (!versions.contains(r.version())) {
                versions.add(r.version());
            }
        }
        return groups;
    }

    private static ObjectNode group(String name, List<String> versions) {
        ObjectNode group = JSON.createObjectNode().put("name", name);
        ArrayNode list = group.putArray("versions");
        versions.forEach(v -> list.addObject().put("groupVersion", name + "/" + v).put("version", v));
        group.putObject("preferredVersion").put("groupVersion", name + "/" + versions.get(0))
                .put("version", versions.get(0));
        return group;
    }
}
