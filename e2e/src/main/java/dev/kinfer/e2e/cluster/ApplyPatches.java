package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;

/**
 * Turns the PATCH requests the mock API server gets wrong or rejects into the whole-object writes it handles well,
 * by reading the stored object, patching it here and writing it back (PUT, which keeps the mock's resourceVersion
 * conflict check), or creating it (POST):
 * <ul>
 * <li>JSON merge patches and strategic merge patches: an RFC 7386 merge ({@link MergePatch}); the mock's own merge
 * stores {@code null}s instead of removing keys, and it answers 415 to strategic merge patches (which differ only
 * for lists with merge keys: here such lists are replaced);</li>
 * <li>server-side apply ({@code application/apply-patch+yaml}, how helm 4 installs): creates the object when it is
 * missing, otherwise merges the applied configuration into it. There is no field ownership: a field the applier
 * stops sending is kept, where a real API server would remove it;</li>
 * <li>JSON patches go to the mock as they are.</li>
 * </ul>
 * Query parameters ({@code fieldManager}, {@code fieldValidation}, {@code force}) are dropped: the mock does not
 * recognise a {@code /status} path followed by a query.
 */
final class ApplyPatches {

    static final String APPLY = "application/apply-patch+yaml";
    static final String MERGE = "application/merge-patch+json";
    static final String STRATEGIC = "application/strategic-merge-patch+json";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final int MAX_ATTEMPTS = 5;

    private final KubernetesCrudDispatcher crud;
    private final Creator creator;

    /** Creates an object the way the API server's POST handler does (so that created CRDs get their status). */
    interface Creator {
        MockResponse create(RecordedRequest request);
    }

    ApplyPatches(KubernetesCrudDispatcher crud, Creator creator) {
        this.crud = crud;
        this.creator = creator;
    }

    MockResponse patch(RecordedRequest request) {
        String path = Paths.withoutQuery(request.getPath());
        String contentType = String.valueOf(request.getHeader("Content-Type"));
        try {
            if (contentType.startsWith(APPLY)) {
                return apply(request, path);
            }
            if (contentType.startsWith(MERGE) || contentType.startsWith(STRATEGIC)) {
                return merge(request, path, JSON.readTree(request.getBody().getBytes()));
            }
        } catch (IOException e) {
            return Statuses.badRequest("the patch is not valid: " + e.getMessage());
        }
        return crud.dispatch(Requests.rewrite(request, HttpMethod.PATCH, path, contentType,
                request.getBody().getBytes()));
    }

    private MockResponse apply(RecordedRequest request, String path) throws IOException {
        JsonNode applied = YAML.readTree(request.getBody().getBytes());
        if (applied == null || !applied.isObject()) {
            return Statuses.badRequest("an apply patch must be an object");
        }
        MockResponse current = crud.handleGet(Paths.object(path));
        if (current.code() == 404 && !Paths.isStatus(path)) {
            return creator.create(Requests.rewrite(request, HttpMethod.POST, Paths.collection(path),
                    "application/json", JSON.writeValueAsBytes(applied)));
        }
        return merge(request, path, applied);
    }

    /**
     * Reads, merges and writes back. A write that lost a race with another one answers 409 Conflict; a patch that
     * names no resourceVersion is then merged again into the newer object, as the API server does itself.
     */
    private MockResponse merge(RecordedRequest request, String path, JsonNode patch) throws IOException {
        boolean unconditional = patch.path("metadata").path("resourceVersion").isMissingNode();
        MockResponse response;
        int attempts = 0;
        do {
            MockResponse current = crud.handleGet(Paths.object(path));
            if (current.code() != 200) {
                return Statuses.notFound(Paths.object(path));
            }
            JsonNode merged = MergePatch.apply(JSON.readTree(current.getBody().getBytes()), patch);
            response = crud.dispatch(Requests.rewrite(request, HttpMethod.PUT, path, "application/json",
                    JSON.writeValueAsBytes(merged)));
        } while (response.code() == 409 && unconditional && ++attempts < MAX_ATTEMPTS);
        return response;
    }
}
