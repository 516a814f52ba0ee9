package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The writes helm 4 and kubectl make, through the local API server's front and the mock behind it, in process. */
class ClusterDispatcherWritesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRETS = "/api/v1/namespaces/apps/secrets";
    private static final String DEPLOYMENT = "/apis/apps/v1/namespaces/apps/deployments/op";
    private static final String APPLIED = "{'apiVersion': 'apps/v1', 'kind': 'Deployment', 'metadata':"
            + " {'name': 'op', 'namespace': 'apps', 'labels': {'tier': 'control'}}, 'spec': {'replicas': 1}}";

    private final ClusterDispatcher api = new ClusterDispatcher(new KubernetesCrudDispatcher());

    private MockResponse send(HttpMethod method, String path, String contentType, byte[] body) {
        Headers.Builder headers = new Headers.Builder();
        if (contentType != null) {
            headers.set("Content-Type", contentType);
        }
        return api.dispatch(new RecordedRequest("HTTP/1.1", method, path, headers.build(), new Buffer(body)));
    }

    private MockResponse send(HttpMethod method, String path, String contentType, String body) {
        return send(method, path, contentType, body.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode get(String path) throws Exception {
        MockResponse response = send(HttpMethod.GET, path, null, new byte[0]);
        assertThat(response.code()).as(path).isEqualTo(200);
        return JSON.readTree(response.getBody().getBytes());
    }


    @Test
    void serverSideApplyCreatesAMissingObject() throws Exception {
        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT + "?fieldManager=helm&force=false",
                ApplyPatches.APPLY, APPLIED);

        assertThat(response.code()).isEqualTo(201);
        assertThat(get(DEPLOYMENT).path("metadata").path("labels").path("tier").asText()).isEqualTo("control");
    }

    @Test
    void serverSideApplyMergesIntoAnExistingObject() throws Exception {
        send(HttpMethod.PATCH, DEPLOYMENT + "?fieldManager=helm", ApplyPatches.APPLY, APPLIED);

        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT + "?fieldManager=helm", ApplyPatches.APPLY,
                "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: op\n  namespace: apps\nspec:\n  replicas: 3\n");

        assertThat(response.code()).isEqualTo(200);
        JsonNode stored = get(DEPLOYMENT);
        assertThat(stored.path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(stored.path("metadata").path("labels").path("tier").asText()).isEqualTo("control");
        assertThat(stored.path("metadata").path("generation").asInt()).isEqualTo(2);
    }

    @Test
    void aMergePatchNullRemovesTheKey() throws Exception {
        send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.APPLY, APPLIED);

        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.MERGE,
                "{'metadata': {'labels': {'tier': null, 'new': 'yes'}}}");

        assertThat(response.code()).isEqualTo(200);
        JsonNode labels = get(DEPLOYMENT).path("metadata").path("labels");
        assertThat(labels.has("tier")).isFalse();
        assertThat(labels.path("new").asText()).isEqualTo("yes");
    }

    @Test
    void aStrategicMergePatchIsMergedToo() throws Exception {
        send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.APPLY, APPLIED);

        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.STRATEGIC, "{'spec': {'replicas': 2}}");

        assertThat(response.code()).isEqualTo(200);
        assertThat(get(DEPLOYMENT).path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void aMergePatchWithAStaleResourceVersionConflicts() throws Exception {
        send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.APPLY, APPLIED);
        send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.MERGE, "{'spec': {'replicas': 2}}");

        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.MERGE,
                "{'metadata': {'resourceVersion': '1'}, 'spec': {'replicas': 5}}");

        assertThat(response.code()).isEqualTo(409);
        assertThat(get(DEPLOYMENT).path("spec").path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void aMergePatchOfAMissingObjectIsNotFound() {
        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.MERGE, "{'spec': {}}");

        assertThat(response.code()).isEqualTo(404);
    }

    @Test
    void aStatusWriteWithAQueryChangesOnlyTheStatus() throws Exception {
        send(HttpMethod.PATCH, DEPLOYMENT, ApplyPatches.APPLY, APPLIED);

        MockResponse response = send(HttpMethod.PATCH, DEPLOYMENT + "/status?fieldManager=agent",
                ApplyPatches.MERGE, "{'spec': {'replicas': 9}, 'status': {'readyReplicas': 1}}");

        assertThat(response.code()).isEqualTo(200);
        JsonNode stored = get(DEPLOYMENT);
        assertThat(stored.path("status").path("readyReplicas").asInt()).isEqualTo(1);
        assertThat(stored.path("spec").path("replicas").asInt()).isEqualTo(1);
    }

    @Test
    void aCreatedCrdIsEstablished() throws Exception {
        String crds = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
        MockResponse response = send(HttpMethod.POST, crds + "?fieldManager=kubectl", "application/json",
                "{'apiVersion': 'apiextensions.k8s.io/v1', 'kind': 'CustomResourceDefinition', 'metadata': {'name':"
                        + " 'widgets.example.com'}, 'spec': {'group': 'example.com', 'scope': 'Namespaced', 'names':"
                        + " {'plural': 'widgets', 'kind': 'Widget'}, 'versions': [{'name': 'v1', 'served': true,"
                        + " 'storage': true}]}}");

        assertThat(response.code()).isEqualTo(201);
        assertThat(get(crds + "/widgets.example.com").path("status").path("conditions").findValuesAsText("type"))
                .contains("Established");
    }

    @Test
    void aProtobufSecretIsStoredAndListedAsASecretList() throws Exception {
        byte[] secret = Protobuf.kubernetes("v1", "Secret", Protobuf.message()
                .message(1, Protobuf.message().string(1, "sh.helm.release.v1.op.v1").string(3, "apps")
                        .entry(11, "owner", "helm"))
                .entry(2, "release", new byte[] {'r'}).string(3, "helm.sh/release.v1"));

        MockResponse created = send(HttpMethod.POST, SECRETS, ProtobufBodies.CONTENT_TYPE, secret);

        assertThat(created.code()).isEqualTo(201);
        assertThat(created.getHeaders().header("Content-Type")).isEqualTo("application/json");
        JsonNode list = get(SECRETS + "?labelSelector=owner%3Dhelm");
        assertThat(list.path("kind").asText()).isEqualTo("SecretList");
        assertThat(list.path("items").get(0).path("data").path("release").asText()).isEqualTo("cg==");
    }

    @Test
    void aProtobufDeleteIgnoresItsDeleteOptions() {
        send(HttpMethod.POST, SECRETS, "application/json",
                "{'apiVersion': 'v1', 'kind': 'Secret', 'metadata': {'name': 'gone', 'namespace': 'apps'}}");
        byte[] options = Protobuf.kubernetes("v1", "DeleteOptions", Protobuf.message());

        MockResponse deleted = send(HttpMethod.DELETE, SECRETS + "/gone", ProtobufBodies.CONTENT_TYPE, options);

        assertThat(deleted.code()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, SECRETS + "/gone", null, new byte[0]).code()).isEqualTo(404);
    }

    @Test
    void aProtobufBodyOfAnUnknownKindIsUnsupported() {
        byte[] pod = Protobuf.kubernetes("v1", "Pod", Protobuf.message());

        MockResponse response = send(HttpMethod.POST, "/api/v1/namespaces/apps/pods", ProtobufBodies.CONTENT_TYPE,
                pod);

        assertThat(response.code()).isEqualTo(415);
    }
}
