package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The pair fixture returns a tuple and has no signature: default names, the engine as the judge. */
@QuarkusTest
@TestProfile(ServeModel.Pair.class)
class TupleOutputWithoutSignatureTest {

    private static JsonNode infer(Fixtures.Case c) {
        return Fixtures.parse(given().contentType(ContentType.JSON).body(Fixtures.inferBody("anything", c.input()))
                .when().post("/v2/models/pair/infer")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void returnsEveryTupleElementAsANumberedOutput() {
        Fixtures.Case c = Fixtures.cases("pair").get(1);
        JsonNode response = infer(c);
        assertEquals("output0", response.at("/outputs/0/name").asText());
        assertEquals("FP32", response.at("/outputs/0/datatype").asText());
        assertEquals("output1", response.at("/outputs/1/name").asText());
        assertEquals("INT64", response.at("/outputs/1/datatype").asText());
        GoldenAssert.assertMatches(c.outputs().get(0), response.at("/outputs/0"));
        GoldenAssert.assertMatches(c.outputs().get(1), response.at("/outputs/1"));
    }

    @Test
    void answersAnInputTheEngineRejectsWith400NamingTheInput() {
        String body = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,5],\"data\":[1,2,3,4,5]}]}";
        given().contentType(ContentType.JSON).body(body).when().post("/v2/models/pair/infer")
                .then().statusCode(400).body("error", startsWith("inputs[0] was rejected by the model: "));
    }

    @Test
    void keepsServingAfterTheEngineRejectedARequest() {
        String body = "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"INT64\",\"shape\":[2],\"data\":[1,2]}]}";
        for (int i = 0; i < 4; i++) { // more rejections than workers: every worker must survive one
            given().contentType(ContentType.JSON).body(body).when().post("/v2/models/pair/infer").then().statusCode(400);
        }
        Fixtures.Case c = Fixtures.cases("pair").get(0);
        GoldenAssert.assertMatches(c.outputs().get(0), infer(c).at("/outputs/0"));
    }

    @Test
    void describesTheModelWithoutInputsOrOutputs() {
        given().when().get("/v2/models/pair").then().statusCode(200)
                .body("platform", equalTo("pytorch_torchscript"))
                .body("inputs", empty()).body("outputs", empty());
    }
}
