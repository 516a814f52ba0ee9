package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiscoveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Discovery withTheInferenceServiceCrd() throws Exception {
        JsonNode crd = JSON.readTree(("{'spec': {'group': 'serving.kinfer.dev', 'scope': 'Namespaced', 'names':"
                + " {'plural': 'inferenceservices', 'kind': 'InferenceService', 'shortNames': ['kisvc']},"
                + " 'versions': [{'name': 'v1alpha1', 'served': true}]}}").replace('\'', '"'));
        return new Discovery(List.of(crd));
    }

    @Test
    void listsTheGroupOfAStoredCrd() throws Exception {
        JsonNode groups = withTheInferenceServiceCrd().groupList();

        assertThat(groups.path("groups").findValuesAsText("name")).contains("apps", "serving.kinfer.dev");
    }

    @Test
    void describesTheCustomResourceWithItsScopeAndShortNames() throws Exception {
        JsonNode resources = withTheInferenceServiceCrd().resourceList("serving.kinfer.dev/v1alpha1").orElseThrow();

        JsonNode isvc = resources.path("resources").get(0);
        assertThat(isvc.path("name").asText()).isEqualTo("inferenceservices");
        assertThat(isvc.path("namespaced").asBoolean()).isTrue();
        assertThat(isvc.path("shortNames").get(0).asText()).isEqualTo("kisvc");
        assertThat(resources.path("resources").get(1).path("name").asText()).isEqualTo("inferenceservices/status");
    }

    @Test
    void knowsNoResourcesOfAnUnknownGroupVersion() throws Exception {
        assertThat(withTheInferenceServiceCrd().resourceList("example.com/v1")).isEmpty();
        assertThat(withTheInferenceServiceCrd().group("example.com")).isEmpty();
    }

    @Test
    void servesTheCoreGroupUnderApiV1() throws Exception {
        JsonNode core = withTheInferenceServiceCrd().resourceList("v1").orElseThrow();

        assertThat(core.path("resources").findValuesAsText("name")).contains("pods", "services", "secrets");
    }
}
