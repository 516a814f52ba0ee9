package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Inference on the FP32 mlp fixture (default test profile, signature from mlp.json). */
@QuarkusTest
class MlpInferenceTest {
    @Inject
    ObjectMapper json;

    private static JsonNode infer(String body) {
        String response = given().contentType(ContentType.JSON).body(body)
                .when().post("/v2/models/mlp/infer")
                .then().statusCode(200).contentType(ContentType.JSON)
                .extract().asString();
        return Fixtures.parse(response);
    }

    @Test
    void servesTheGoldenOutputForASingleRow() {
        Fixtures.Case c = Fixtures.cases("mlp").get(0);
        JsonNode response = infer(Fixtures.inferBody("input", c.input()));
        assertEquals("mlp", response.get("model_name").asText());
        assertEquals("probabilities", response.at("/outputs/0/name").asText());
        assertEquals("FP32", response.at("/outputs/0/datatype").asText());
        GoldenAssert.assertMatches(c.outputs().get(0), response.at("/outputs/0"));
    }

    @Test
    void servesTheGoldenOutputForABatch() {
        Fixtures.Case c = Fixtures.cases("mlp").get(1);
        JsonNode response = infer(Fixtures.inferBody("input", c.input()));
        GoldenAssert.assertMatches(c.outputs().get(0), response.at("/outputs/0"));
    }

    @Test
    void acceptsNestedDataInRowMajorOrder() {
        Fixtures.Case c = Fixtures.cases("mlp").get(1);
        ObjectNode body = (ObjectNode) Fixtures.parse(Fixtures.inferBody("input", c.input()));
        ArrayNode flat = (ArrayNode) body.at("/inputs/0/data");
        ArrayNode nested = body.arrayNode();
        for (int row = 0; row < 8; row++) {
            ArrayNode r = nested.addArray();
            for (int col = 0; col < 16; col++) {
                r.add(flat.get(row * 16 + col));
            }
        }
        ((ObjectNode) body.at("/inputs/0")).set("data", nested);
        GoldenAssert.assertMatches(c.outputs().get(0), infer(body.toString()).at("/outputs/0"));
    }

    @Test
    void theServersObjectMapperLetsPlainBodiesSkipJacksonsParser() {
        byte[] body = Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()).getBytes(StandardCharsets.UTF_8);
        assertNotNull(new InferRequestParser(json).readFast(body, body.length));
    }

    @Test
    void echoesTheRequestId() {
        ObjectNode body = (ObjectNode) Fixtures.parse(Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()));
        body.put("id", "req-42");
        given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/v2/models/mlp/infer")
                .then().statusCode(200).body("id", equalTo("req-42"));
    }

    @Test
    void returnsOnlyTheRequestedOutputs() {
        ObjectNode body = (ObjectNode) Fixtures.parse(Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()));
        body.putArray("outputs").addObject().put("name", "probabilities");
        given().contentType(ContentType.JSON).body(body.toString())
                .when().post("/v2/models/mlp/infer")
                .then().statusCode(200).body("outputs", hasSize(1)).body("outputs[0].name", equalTo("probabilities"));
    }
}
