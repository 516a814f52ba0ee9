package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.Headers;
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
 * <li>strategic merge patches handled as JSON merge patches (the mock answers 415 to them);</li>
 * <li>SelfSubjectRulesReviews answered with "everything allowed" (JOSDK's leader election checks its Lease access).</li>
 * </ul>
 */
final class ClusterDispatcher extends Dispatcher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
    private static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";

    private final KubernetesCrudDispatcher crud;

    ClusterDispatcher(KubernetesCrudDispatcher crud) {
        this.crud = crud;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        String path = request.getPath();
        String plain = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        String[] parts = plain.replaceAll("^/+|/+$", "").split("/");
        if ("GET".equals(request.getMethod())) {
            Optional<MockResponse> answer = get(plain, parts);
            if (answer.isPresent()) {
                return answer.get();
            }
            String accept = request.getHeader("Accept");
            if (accept != null && accept.contains("as=Table") && !path.contains("watch=")) {
                Optional<JsonNode> columns = printerColumns(parts);
                if (columns.isPresent()) {
                    return asTable(crud.dispatch(request), columns.get());
                }
            }
        }
        if ("POST".equals(request.getMethod()) && plain.equals(RULES_REVIEWS)) {
            return rulesReview(request);
        }
        if ("PATCH".equals(request.getMethod()) && String.valueOf(request.getHeader("Content-Type"))
                .startsWith("application/strategic-merge-patch+json")) {
            Headers headers = request.getHeaders().newBuilder()
                    .set("Content-Type", "application/merge-patch+json").build();
            return crud.dispatch(new RecordedRequest(request.getHttpVersion(), request.method(), path, headers,
                    request.getBody()));
        }
        return crud.dispatch(request);
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
                    .orElseGet(ClusterDispatcher::notFound));
        }
        if (parts.length == 3 && parts[0].equals("apis")) {
            return Optional.of(discovery().resourceList(parts[1] + "/" + parts[2]).map(ClusterDispatcher::json)
                    .orElseGet(ClusterDispatcher::notFound));
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

    /** The printer columns of the custom resource a path names (/apis/g/v/[namespaces/ns/]plural[/name]). */
    private Optional<JsonNode> printerColumns(String[] parts) {
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

    private static MockResponse notFound() {
        return new MockResponse().setResponseCode(404).setHeader("Content-Type", "application/json")
                .setBody("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\","
                        + "\"code\":404,\"message\":\"the server could not find the requested resource\"}");
    }
}
