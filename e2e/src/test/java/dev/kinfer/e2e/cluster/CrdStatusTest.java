package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CrdStatusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void acceptsTheNamesAndEstablishesTheCrd() throws Exception {
        JsonNode crd = JSON.readTree(("{'spec': {'group': 'serving.kinfer.dev', 'names': {'plural':"
                + " 'inferenceservices', 'kind': 'InferenceService'}, 'versions': [{'name': 'v1alpha1',"
                + " 'storage': true}, {'name': 'v1alpha0', 'storage': false}]}}").replace('\'', '"'));

        JsonNode status = CrdStatus.established(crd, Instant.parse("2026-01-02T03:04:05.678Z")).path("status");

        assertThat(status.path("acceptedNames").path("kind").asText()).isEqualTo("InferenceService");
        assertThat(status.path("conditions").findValuesAsText("type")).containsExactly("NamesAccepted", "Established");
        assertThat(status.path("conditions").findValuesAsText("status")).containsOnly("True");
        assertThat(status.path("conditions").get(1).path("lastTransitionTime").asText())
                .isEqualTo("2026-01-02T03:04:05Z");
        assertThat(status.path("storedVersions").get(0).asText()).isEqualTo("v1alpha1");
        assertThat(status.path("storedVersions")).hasSize(1);
        assertThat(crd.has("status")).as("the argument is not changed").isFalse();
    }
}
