package dev.kinfer.runtime.api.v1;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** KServe V1: model status and {@code :predict} with instances in, predictions out. */
@QuarkusTest
class V1PredictTest {

    @Test
    void reportsTheModelStatus() {
        given().when().get("/v1/models/mlp").then().statusCode(200)
                .body("name", equalTo("mlp")).body("ready", equalTo(true));
    }

    @Test
    void predictsOneRowPerInstanceWithTheGoldenAnswer() {
        Fixtures.Case c = Fixtures.cases("mlp").get(1);
        StringBuilder instances = new StringBuilder("[");
        double[] v = c.input().values();
        for (int row = 0; row < 8; row++) {
            instances.append(row == 0 ? "[" : ",[");
            for (int i = 0; i < 16; i++) {
                instances.append(i == 0 ? "" : ",").append((float) v[row * 16 + i]);
            }
            instances.append(']');
        }
        instances.append(']');
        String body = given().contentType(ContentType.JSON).body("{\"instances\":" + instances + "}")
                .when().post("/v1/models/mlp:predict")
                .then().statusCode(200).extract().asString();

        JsonNode predictions = Fixtures.parse(body).get("predictions");
        assertEquals(8, predictions.size());
        // the same rows as V2 output, flattened, match the golden
        var flat = Fixtures.parse("{\"name\":\"p\",\"shape\":[8,4],\"data\":"
                + predictions.toString().replace("],[", ",").replace("[[", "[").replace("]]", "]") + "}");
        GoldenAssert.assertMatches(c.outputs().get(0), flat);
    }

    @Test
    void rejectsInstancesOfDifferentShapesNamingTheFirstOffender() {
        given().contentType(ContentType.JSON).body("{\"instances\":[[1,2],[1,2,3]]}")
                .when().post("/v1/models/mlp:predict")
                .then().statusCode(400).body("error", startsWith("instances[1] does not have the shape of instances[0]"));
    }

    @Test
    void answersAnUnknownModelWith404() {
        given().contentType(ContentType.JSON).body("{\"instances\":[[1]]}")
                .when().post("/v1/models/nope:predict")
                .then().statusCode(404).body("error", startsWith("model 'nope' is not served here"));
    }
}
