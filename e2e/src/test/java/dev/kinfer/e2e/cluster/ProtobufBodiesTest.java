package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

    @Test
    void decodesASecretWithMetadataDataStringDataAndType() {
        Protobuf metadata = Protobuf.message().string(1, "release").string(2, "").string(3, "apps")
                .string(6, "").varint(7, 0).message(8, Protobuf.message())
                .entry(11, "owner", "helm").entry(11, "status", "deployed")
                .entry(12, "note", "kept").string(14, "example.com/finalizer");
        Protobuf secret = Protobuf.message().message(1, metadata)
                .entry(2, "release", new byte[] {0, (byte) 0xff, 'h'})
                .string(3, "helm.sh/release.v1")
                .entry(4, "plain", "text")
                .varint(5, 1);

        JsonNode json = ProtobufBodies.decode(Protobuf.kubernetes("v1", "Secret", secret));

        assertThat(json.path("apiVersion").asText()).isEqualTo("v1");
        assertThat(json.path("kind").asText()).isEqualTo("Secret");
        assertThat(json.path("metadata").path("name").asText()).isEqualTo("release");
        assertThat(json.path("metadata").path("namespace").asText()).isEqualTo("apps");
        assertThat(json.path("metadata").has("generateName")).as("empty strings are left out").isFalse();
        assertThat(json.path("metadata").path("labels").path("owner").asText()).isEqualTo("helm");
        assertThat(json.path("metadata").path("labels").path("status").asText()).isEqualTo("deployed");
        assertThat(json.path("metadata").path("annotations").path("note").asText()).isEqualTo("kept");
        assertThat(json.path("metadata").path("finalizers").get(0).asText()).isEqualTo("example.com/finalizer");
        assertThat(Base64.getDecoder().decode(json.path("data").path("release").asText()))
                .containsExactly(0, 0xff, 'h');
        assertThat(json.path("type").asText()).isEqualTo("helm.sh/release.v1");
        assertThat(json.path("stringData").path("plain").asText()).isEqualTo("text");
        assertThat(json.path("immutable").asBoolean()).isTrue();
    }

    @Test
    void decodesAConfigMapWithTextAndBinaryData() {
        Protobuf configMap = Protobuf.message().message(1, Protobuf.message().string(1, "settings"))
                .entry(2, "mode", "fast")
                .entry(3, "blob", new byte[] {1, 2, 3});

        JsonNode json = ProtobufBodies.decode(Protobuf.kubernetes("v1", "ConfigMap", configMap));

        assertThat(json.path("kind").asText()).isEqualTo("ConfigMap");
        assertThat(json.path("metadata").path("name").asText()).isEqualTo("settings");
        assertThat(json.path("data").path("mode").asText()).isEqualTo("fast");
        assertThat(json.path("binaryData").path("blob").asText()).isEqualTo("AQID");
    }

    @Test
    void decodesTheReleaseSecretHelmSent() throws Exception {
        // captured from helm 4.1.4's "helm install kinfer helm/kinfer --namespace kinfer-system" against the
        // local cluster: the POST of the release record, before the chart's objects are applied
        byte[] body;
        try (InputStream in = getClass().getResourceAsStream("/protobuf/helm-release-secret.bin")) {
            body = in.readAllBytes();
        }

        JsonNode json = ProtobufBodies.decode(body);

        assertThat(json.path("kind").asText()).isEqualTo("Secret");
        assertThat(json.path("metadata").path("name").asText()).isEqualTo("sh.helm.release.v1.kinfer.v1");
        assertThat(json.path("metadata").path("labels").path("owner").asText()).isEqualTo("helm");
        assertThat(json.path("metadata").path("labels").path("name").asText()).isEqualTo("kinfer");
        assertThat(json.path("metadata").path("labels").path("status").asText()).isEqualTo("pending-install");
        assertThat(json.path("type").asText()).isEqualTo("helm.sh/release.v1");
        // data.release is helm's base64 of the gzipped release JSON, which the API encodes in base64 once more
        byte[] helmBase64 = Base64.getDecoder().decode(json.path("data").path("release").asText());
        byte[] gzipped = Base64.getDecoder().decode(helmBase64);
        String release;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gzipped))) {
            release = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(release).contains("\"name\":\"kinfer\"", "\"namespace\":\"kinfer-system\"");
    }

    @Test
    void refusesKindsItDoesNotKnow() {
        byte[] pod = Protobuf.kubernetes("v1", "Pod", Protobuf.message().message(1, Protobuf.message()));

        assertThatThrownBy(() -> ProtobufBodies.decode(pod)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("v1 Pod");
    }

    @Test
    void refusesABodyWithoutTheKubernetesMagic() {
        assertThatThrownBy(() -> ProtobufBodies.decode("{\"kind\":\"Secret\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("k8s");
    }
}
