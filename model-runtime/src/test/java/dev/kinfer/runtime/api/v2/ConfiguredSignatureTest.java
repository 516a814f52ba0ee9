package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** KINFER_MODEL_SIGNATURE and KINFER_MODEL_NAME win over the sidecar and the file name. */
@QuarkusTest
@TestProfile(ServeModel.ConfiguredSignature.class)
class ConfiguredSignatureTest {

    @Test
    void servesTheModelUnderTheConfiguredName() {
        given().when().get("/v2/models/classifier").then().statusCode(200).body("name", equalTo("classifier"));
    }

    @Test
    void describesTheConfiguredSignatureRatherThanTheSidecar() {
        given().when().get("/v2/models/classifier").then().statusCode(200)
                .body("inputs[0].name", equalTo("features")).body("outputs[0].name", equalTo("scores"));
    }

    @Test
    void namesOutputsAfterTheConfiguredSignature() {
        given().contentType(ContentType.JSON).body(Fixtures.inferBody("features", Fixtures.cases("mlp").get(0).input()))
                .when().post("/v2/models/classifier/infer")
                .then().statusCode(200).body("model_name", equalTo("classifier")).body("outputs[0].name", equalTo("scores"));
    }
}
