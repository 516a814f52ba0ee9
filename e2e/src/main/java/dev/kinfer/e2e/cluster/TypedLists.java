package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Names a list by what it holds: the mock answers every list as {@code kind: List}, where a real API server says
 * {@code SecretList}, {@code DeploymentList} and so on. Go's typed clients check the kind, so helm, which finds its
 * releases by listing Secrets, saw no release at all.
 */
final class TypedLists {

    /** What a collection path names: the group version and the plural. */
    record Collection(String groupVersion, String plural) {
    }

    private TypedLists() {
    }

    /**
     * The collection a path lists: {@code /api/v1/[namespaces/<ns>/]<plural>} or
     * {@code /apis/<group>/<version>/[namespaces/<ns>/]<plural>}; empty for an object or anything else.
     */
    static Optional<Collection> collection(String path) {
        String[] parts = Paths.segments(path);
        int rest;
        String groupVersion;
        if (parts.length >= 3 && parts[0].equals("api")) {
            groupVersion = parts[1];
            rest = 2;
        } else if (parts.length >= 4 && parts[0].equals("apis")) {
            groupVersion = parts[1] + "/" + parts[2];
            rest = 3;
        } else {
            return Optional.empty();
        }
        int remaining = parts.length - rest;
        if (remaining == 1) {
            return Optional.of(new Collection(groupVersion, parts[rest]));
        }
        if (remaining == 3 && parts[rest].equals("namespaces")) {
            return Optional.of(new Collection(groupVersion, parts[rest + 2]));
        }
        return Optional.empty();
    }

    /** The list with kind {@code <kind>List}, when it is a plain {@code List}; otherwise unchanged. */
    static JsonNode typed(JsonNode list, String kind) {
        if (!list.isObject() || !"List".equals(list.path("kind").asText())) {
            return list;
        }
        ObjectNode copy = ((ObjectNode) list).deepCopy();
        copy.put("kind", kind + "List");
        return copy;
    }
}
