package dev.kinfer.e2e.cluster;

import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.RecordedRequest;

/** Rewritten requests for the mock API server: another method, path or body, the client's other headers kept. */
final class Requests {

    private Requests() {
    }

    static RecordedRequest rewrite(RecordedRequest request, HttpMethod method, String path, String contentType,
                                   byte[] body) {
        Headers headers = request.getHeaders().newBuilder().set("Content-Type", contentType)
                .set("Content-Length", String.valueOf(body.length)).build();
        return new RecordedRequest(request.getHttpVersion(), method, path, headers, new Buffer(body));
    }

    /** The same request without its query (the mock does not see {@code .../status?x=y} as a status path). */
    static RecordedRequest withoutQuery(RecordedRequest request) {
        String contentType = request.getHeader("Content-Type");
        return rewrite(request, request.method(), Paths.withoutQuery(request.getPath()),
                contentType == null ? "application/json" : contentType, request.getBody().getBytes());
    }
}
