package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;

/** Kubernetes {@code Status} answers for the requests the local API server's front refuses itself. */
final class Statuses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Statuses() {
    }

    static MockResponse notFound(String what) {
        return failure(404, "NotFound", what + " not found");
    }

    static MockResponse badRequest(String message) {
        return failure(400, "BadRequest", message);
    }

    static MockResponse unsupportedMediaType(String message) {
        return failure(415, "UnsupportedMediaType", message);
    }

    static MockResponse failure(int code, String reason, String message) {
        ObjectNode status = JSON.createObjectNode().put("kind", "Status").put("apiVersion", "v1")
                .put("status", "Failure").put("reason", reason).put("code", code).put("message", message);
        status.putObject("metadata");
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(status.toString());
    }
}
