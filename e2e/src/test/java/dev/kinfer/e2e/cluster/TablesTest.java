package dev.kinfer.e2e.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TablesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void selectsTheStatusOfTheConditionOfAType() throws Exception {
        JsonNode isvc = json("{'status': {'conditions': [{'type': 'Planned', 'status': 'False'},"
                + " {'type': 'Ready', 'status': 'True'}]}}");

        assertThat(Tables.evaluate(isvc, ".status.conditions[?(@.type==\"Ready\")].status"))
                .extracting(JsonNode::asText).containsExactly("True");
    }

    @Test
    void selectsNothingForAMissingField() throws Exception {
        assertThat(Tables.evaluate(json("{'status': {}}"), ".status.plan.maxBatchSize")).isEmpty();
    }

    @Test
    void rendersDateColumnsAsKubectlStyleAges() {
        assertThat(Tables.age(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(Tables.age(Duration.ofSeconds(200))).isEqualTo("3m20s");
        assertThat(Tables.age(Duration.ofMinutes(47))).isEqualTo("47m");
        assertThat(Tables.age(Duration.ofMinutes(312))).isEqualTo("5h12m");
        assertThat(Tables.age(Duration.ofDays(3))).isEqualTo("3d");
    }

    @Test
    void buildsATableWithANameColumnAndThePrinterColumns() throws Exception {
        JsonNode columns = json("[{'name': 'Age', 'type': 'date', 'jsonPath': '.metadata.creationTimestamp'},"
                + " {'name': 'Workers', 'type': 'integer', 'jsonPath': '.status.plan.workersPerPod'}]");
        JsonNode list = json("{'kind': 'List', 'items': [{'metadata': {'name': 'demo',"
                + " 'creationTimestamp': '2026-01-01T00:00:00Z'}, 'status': {'plan': {'workersPerPod': 2}}}]}");

        JsonNode table = Tables.table(columns, list, Instant.parse("2026-01-01T00:00:30Z"));

        assertThat(table.path("kind").asText()).isEqualTo("Table");
        assertThat(table.path("columnDefinitions").findValuesAsText("name")).containsExactly("Name", "Age", "Workers");
        assertThat(table.path("rows").get(0).path("cells").toString()).isEqualTo("[\"demo\",\"30s\",2]");
    }

    @Test
    void podsAreShownWithReadinessPhaseRestartsAgeAndIp() throws Exception {
        JsonNode list = json("{'kind': 'PodList', 'items': [{'metadata': {'name': 'demo-predictor-1a2b3c4d-1',"
                + " 'creationTimestamp': '2026-01-01T00:00:00Z'}, 'status': {'phase': 'Running', 'podIP': '127.0.0.1',"
                + " 'containerStatuses': [{'name': 'runtime', 'ready': true, 'restartCount': 1}]}}]}");

        JsonNode table = Tables.table(ClusterDispatcher.POD_COLUMNS, list, Instant.parse("2026-01-01T00:01:00Z"));

        assertThat(table.path("columnDefinitions").findValuesAsText("name"))
                .containsExactly("Name", "Ready", "Status", "Restarts", "Age", "IP");
        assertThat(table.path("rows").get(0).path("cells").toString())
                .isEqualTo("[\"demo-predictor-1a2b3c4d-1\",true,\"Running\",1,\"60s\",\"127.0.0.1\"]");
    }
}
