package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** INT64 inputs: the token classifier fixture. */
@QuarkusTest
@TestProfile(ServeModel.Tokens.class)
class TokenModelTest {

    private static JsonNode infer(Fixtures.Case c) {
        return Fixtures.parse(given().contentType(ContentType.JSON).body(Fixtures.inferBody("input_ids", c.input()))
                .when().post("/v2/models/tokens/infer")
                .then().statusCode(200).extract().asString());
    }

    @Test
    void servesTheGoldenOutputForOneSequence() {
        Fixtures.Case c = Fixtures.cases("tokens").get(0);
        GoldenAssert.assertMatches(c.outputs().get(0), infer(c).at("/outputs/0"));
    }

    @Test
    void servesTheGoldenOutputForABatchOfSequences() {
        Fixtures.Case c = Fixtures.cases("tokens").get(1);
        GoldenAssert.assertMatches(c.outputs().get(0), infer(c).at("/outputs/0"));
    }

    @Test
    void rejectsFractionalTokenIds() {
        String body = "{\"inputs\":[{\"name\":\"input_ids\",\"datatype\":\"INT64\",\"shape\":[1,8],"
                + "\"data\":[1,2,3,4,5,6,7,8.5]}]}";
        given().contentType(ContentType.JSON).body(body).when().post("/v2/models/tokens/infer")
                .then().statusCode(400).body("error", equalTo("inputs[0].data[7] is 8.5 but INT64 needs an integer"));
    }

    @Test
    void answersATokenIdOutsideTheVocabularyWith400FromTheEngine() {
        String body = "{\"inputs\":[{\"name\":\"input_ids\",\"datatype\":\"INT64\",\"shape\":[1,8],"
                + "\"data\":[1,2,3,4,5,6,7,100000]}]}";
        given().contentType(ContentType.JSON).body(body).when().post("/v2/models/tokens/infer")
                .then().statusCode(400)
                .body("error", org.hamcrest.Matchers.startsWith("inputs[0] was rejected by the model: "));
    }
}
