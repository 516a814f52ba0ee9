package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The status a real API server gives a CustomResourceDefinition once it serves it: names accepted, the
 * {@code NamesAccepted} and {@code Established} conditions, the stored versions. Clients wait for
 * {@code Established} before they use a new CRD (helm, {@code kubectl wait --for condition=established}); the mock
 * sets no status at all.
 */
final class CrdStatus {

    private CrdStatus() {
    }

    /** The CRD with an accepted, established status (a copy; the argument is not changed). */
    static ObjectNode established(JsonNode crd, Instant now) {
        ObjectNode copy = ((ObjectNode) crd).deepCopy();
        JsonNode spec = copy.path("spec");
        ObjectNode status = copy.putObject("status");
        status.set("acceptedNames", spec.path("names").deepCopy());
        ArrayNode conditions = status.putArray("conditions");
        String time = now.truncatedTo(ChronoUnit.SECONDS).toString();
        conditions.addObject().put("type", "NamesAccepted").put("status", "True").put("reason", "NoConflicts")
                .put("message", "no conflicts found").put("lastTransitionTime", time);
        conditions.addObject().put("type", "Established").put("status", "True").put("reason", "InitialNamesAccepted")
                .put("message", "the initial names have been accepted").put("lastTransitionTime", time);
        ArrayNode stored = status.putArray("storedVersions");
        for (JsonNode version : spec.path("versions")) {
            if (version.path("storage").asBoolean(false)) {
                stored.add(version.path("name").asText());
            }
        }
        return copy;
    }
}
