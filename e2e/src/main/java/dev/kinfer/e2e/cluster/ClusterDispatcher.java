package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local API server's front: answers what the mock does not serve and real clients need, and hands everything
 * else to Fabric8's {@link KubernetesCrudDispatcher}.
 * <ul>
 * <li>API discovery ({@link Discovery}) and {@code /version};</li>
 * <li>{@code /openapi/v2}: 200 with an empty protobuf body, {@code /openapi/v3}: 404, after which kubectl skips
 * client-side validation (the mock validates nothing either);</li>
 * <li>{@code Table} answers for custom resources when the client asks for one ({@link Tables});</li>
 * <li>patches: RFC 7386 merge patches, strategic merge patches as merge patches, server-side apply as create or
 * merge ({@link ApplyPatches});</li>
 * <li>created CustomResourceDefinitions are established ({@link CrdStatus});</li>
 * <li>lists named by their kind ({@link TypedLists});</li>
 * <li>protobuf bodies of Secrets and ConfigMaps are decoded to JSON ({@link ProtobufBodies});</li>
 * <li>writes lose their query, so that {@code .../status?fieldManager=x} is a status write for the mock too.</li>
 * <li>SelfSubjectRulesReviews answered with "everything allowed" (JOSDK's leader election checks its Lease access).</li>
 * </ul>
 */
final class ClusterDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final KubernetesCrudDispatcher crud;
    private final ApplyPatches patches;

    ClusterDispatcher(KubernetesCrudDispatcher crud) {
        this.crud = crud;
        this.patches = new ApplyPatches(crud, this::create);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        return withContentType(route(request));
    }

    /**
     * The mock's answers carry no Content-Type; a client that asked for protobuf first (client-go's typed clients,
     * helm's release storage) reads a body without one as protobuf, so every JSON body is labelled as such.
     */
    private static MockResponse withContentType(MockResponse response) {
        if (response.getHeaders().header("Content-Type") == null && response.getBody() != null
                && response.getBody().size() > 0 && response.getWebSocketListener() == null) {
            response.setHeader("Content-Type", "application/json");
        }
        return response;
    }

    private MockResponse route(RecordedRequest request) {
        String path = request.getPath();
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String[] parts = plain.replaceAll("^/+|/+$", "").split("/");
        if ("GET".equals(request.getMethod())) {
            Optional<MockResponse> answer = get(plain, parts);
            if (answer.isPresent()) {
                return answer.get();
            }
            if (!path.contains("watch=")) {
                String accept = request.getHeader("Accept");
                if (accept != null && accept.contains("as=Table")) {
                    Optional<JsonNode> columns = printerColumns(parts);
                    if (columns.isPresent()) {
                        return asTable(crud.dispatch(request), columns.get());
                    }
                }
                Optional<TypedLists.Collection> collection = TypedLists.collection(path);
                if (collection.isPresent()) {
                    return typedList(crud.dispatch(request), collection.get());
                }
            }
            return crud.dispatch(request);
        }
        // A DELETE's body is DeleteOptions, which the mock ignores anyway
        if (ProtobufBodies.isProtobuf(request.getHeader("Content-Type")) && !"DELETE".equals(request.getMethod())) {
            try {
                byte[] json = JSON.writeValueAsBytes(ProtobufBodies.decode(request.getBody().getBytes()));
                request = Requests.rewrite(request, request.method(), path, "application/json", json);
            } catch (IllegalArgumentException | IOException e) {
                return Statuses.unsupportedMediaType(e.getMessage());
            }
        }
        switch (request.getMethod()) {
            case "PATCH":
                return patches.patch(request);
            case "POST":
                return create(request);
            case "PUT":
                return crud.dispatch(Requests.withoutQuery(request));
            default:
                return crud.dispatch(request);
        }
    }

    /** POST: a created CustomResourceDefinition is established at once, as a real API server soon does. */
    private MockResponse create(RecordedRequest request) {
        RecordedRequest plain = Requests.withoutQuery(request);
        if (plain.getPath().equals(RULES_REVIEWS)) {
            return rulesReview(plain);
        }
        if (plain.getPath().equals(CRDS)) {
            try {
                byte[] crd = JSON.writeValueAsBytes(CrdStatus.established(JSON.readTree(plain.getBody().getBytes()),
                        Instant.now()));
                return crud.dispatch(Requests.rewrite(plain, HttpMethod.POST, CRDS, "application/json", crd));
            } catch (IOException | ClassCastException e) {
                return Statuses.badRequest("not a CustomResourceDefinition: " + e.getMessage());
            }
        }
        return crud.dispatch(plain);
    }

    private Optional<MockResponse> get(String plain, String[] parts) {
        if (plain.equals("/version")) {
            return Optional.of(json(JSON.createObjectNode().put("major", "1").put("minor", "35")
                    .put("gitVersion", "v1.35.0-kinfer-local").put("platform", "linux/amd64")));
        }
        if (plain.equals("/openapi/v2")) {
            return Optional.of(new MockResponse().setResponseCode(200)
                    .setHeader("Content-Type", "application/com.github.proto-openapi.spec.v2.v1.0+protobuf")
                    .setBody(new byte[0]));
        }
        if (plain.startsWith("/openapi/v3")) {
            return Optional.of(new MockResponse().setResponseCode(404).setBody(""));
        }
        if (plain.equals("/api")) {
            return Optional.of(json(discovery().coreVersions()));
        }
        if (plain.equals("/api/v1")) {
            return discovery().resourceList("v1").map(ClusterDispatcher::json);
        }
        if (plain.equals("/apis")) {
            return Optional.of(json(discovery().groupList()));
        }
        if (parts.length == 2 && parts[0].equals("apis")) {
            return Optional.of(discovery().group(parts[1]).map(ClusterDispatcher::json)
                    .orElseGet(ClusterDispatcher::noSuchResource));
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return Optional.of(discovery().resourceList(parts[1] + "/" + parts[2]).map(ClusterDispatcher::json)
                    .orElseGet(ClusterDispatcher::noSuchResource));
        }
        return Optional.empty();
    }

    private Discovery discovery() {
        return new Discovery(crds());
    }

    private List<JsonNode> crds() {
        List<JsonNode> crds = new ArrayList<>();
        MockResponse response = crud.handleGet(CRDS);
        if (response.code() == 200) {
            try {
                JSON.readTree(response.getBody().getBytes()).path("items").forEach(crds::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return crds;
    }

    /**
     * Printer columns for Pods (/api/v1/[namespaces/ns/]pods[/name]), in the CRD form {@link Tables} takes, so that
     * {@code kubectl get pods} shows readiness, phase and restarts rather than only NAME and AGE.
     */
    static final JsonNode POD_COLUMNS = JSON.createArrayNode()
            .add(JSON.createObjectNode().put("name", "Ready").put("type", "boolean")
                    .put("jsonPath", ".status.containerStatuses[0].ready"))
            .add(JSON.createObjectNode().put("name", "Status").put("type", "string").put("jsonPath", ".status.phase"))
            .add(JSON.createObjectNode().put("name", "Restarts").put("type", "integer")
                    .put("jsonPath", ".status.containerStatuses[0].restartCount"))
            .add(JSON.createObjectNode().put("name", "Age").put("type", "date")
                    .put("jsonPath", ".metadata.creationTimestamp"))
            .add(JSON.createObjectNode().put("name", "IP").put("type", "string").put("jsonPath", ".status.podIP")
                    .put("priority", 1));

    /** The printer columns of Pods or of the custom resource a path names (/apis/g/v/[namespaces/ns/]plural[/name]). */
    private Optional<JsonNode> printerColumns(String[] parts) {
        if (parts.length >= 3 && parts[0].equals("api") && parts[1].equals("v1")) {
            int plural = parts.length >= 5 && parts[2].equals("namespaces") ? 4 : 2;
            boolean pods = parts.length > plural && parts.length <= plural + 2 && parts[plural].equals("pods");
            return pods ? Optional.of(POD_COLUMNS) : Optional.empty();
        }
        if (parts.length < 4 || !parts[0].equals("apis")) {
            return Optional.empty();
        }
        int plural = parts.length >= 6 && parts[3].equals("namespaces") ? 5 : 3;
        if (parts.length <= plural || parts.length > plural + 2) {
            return Optional.empty();
        }
        for (JsonNode crd : crds()) {
            JsonNode spec = crd.path("spec");
            if (spec.path("group").asText().equals(parts[1])
                    && spec.path("names").path("plural").asText().equals(parts[plural])) {
                for (JsonNode version : spec.path("versions")) {
                    if (version.path("name").asText().equals(parts[2])) {
                        return Optional.of(version.path("additionalPrinterColumns"));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static MockResponse asTable(MockResponse response, JsonNode columns) {
        if (response.code() != 200) {
            return response;
        }
        try {
            JsonNode body = JSON.readTree(response.getBody().getBytes());
            return json(Tables.table(columns, body, Instant.now()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private MockResponse typedList(MockResponse response, TypedLists.Collection collection) {
        Optional<String> kind = discovery().kind(collection.groupVersion(), collection.plural());
        if (response.code() != 200 || kind.isEmpty()) {
            return response;
        }
        try {
            return json(TypedLists.typed(JSON.readTree(response.getBody().getBytes()), kind.get()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every client may do everything here (the mock accepts any credentials), so a SelfSubjectRulesReview, which
     * JOSDK's leader election sends before it competes for its Lease, answers with one rule allowing all. The CRUD
     * mock would store the review and answer it without a status.
     */
    private static MockResponse rulesReview(RecordedRequest request) {
        try {
            ObjectNode review = (ObjectNode) JSON.readTree(request.getBody().getBytes());
            ObjectNode status = review.putObject("status");
            ObjectNode rule = status.putArray("resourceRules").addObject();
            rule.putArray("verbs").add("*");
            rule.putArray("apiGroups").add("*");
            rule.putArray("resources").add("*");
            status.putArray("nonResourceRules");
            status.put("incomplete", false);
            return new MockResponse().setResponseCode(201).setHeader("Content-Type", "application/json")
                    .setBody(review.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static MockResponse json(JsonNode body) {
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(body.toString());
    }

    private static MockResponse noSuchResource() {
        return Statuses.failure(404, "NotFound", "the server could not find the requested resource");
    }
}
