package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class TypedListsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void findsTheCollectionOfCoreAndGroupPaths() {
        assertThat(TypedLists.collection("/api/v1/namespaces/apps/secrets?labelSelector=owner%3Dhelm"))
                .contains(new TypedLists.Collection("v1", "secrets"));
        assertThat(TypedLists.collection("/api/v1/secrets")).contains(new TypedLists.Collection("v1", "secrets"));
        assertThat(TypedLists.collection("/api/v1/namespaces"))
                .contains(new TypedLists.Collection("v1", "namespaces"));
        assertThat(TypedLists.collection("/apis/apps/v1/namespaces/apps/deployments"))
                .contains(new TypedLists.Collection("apps/v1", "deployments"));
        assertThat(TypedLists.collection("/apis/rbac.authorization.k8s.io/v1/clusterroles"))
                .contains(new TypedLists.Collection("rbac.authorization.k8s.io/v1", "clusterroles"));
    }

    @Test
    void anObjectPathIsNoCollection() {
        assertThat(TypedLists.collection("/api/v1/namespaces/apps")).isEmpty();
        assertThat(TypedLists.collection("/api/v1/namespaces/apps/secrets/release")).isEmpty();
        assertThat(TypedLists.collection("/apis/apps/v1/namespaces/apps/deployments/op/status")).isEmpty();
        assertThat(TypedLists.collection("/apis/apps")).isEmpty();
        assertThat(TypedLists.collection("/version")).isEmpty();
    }

    @Test
    void namesAPlainListByItsKind() throws Exception {
        JsonNode list = JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}");

        assertThat(TypedLists.typed(list, "Secret").path("kind").asText()).isEqualTo("SecretList");
        assertThat(list.path("kind").asText()).as("the argument is not changed").isEqualTo("List");
    }

    @Test
    void leavesAnythingButAPlainListAlone() throws Exception {
        JsonNode secret = JSON.readTree("{\"apiVersion\":\"v1\",\"kind\":\"Secret\"}");

        assertThat(TypedLists.typed(secret, "Secret")).isEqualTo(secret);
    }
}
