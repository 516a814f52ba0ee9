package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Server, model and health endpoints of the V2 protocol. */
@QuarkusTest
class MetadataAndHealthTest {

    @Test
    void isLiveWhileServing() {
        given().when().get("/v2/health/live").then().statusCode(200).body("live", equalTo(true));
    }

    @Test
    void isReadyOnceTheModelIsLoadedAndWarmedUp() {
        given().when().get("/v2/health/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void describesTheServer() {
        given().when().get("/v2").then().statusCode(200)
                .body("name", equalTo("kinfer"))
                .body("version", not(empty()))
                .body("extensions", hasItems("binary_tensor_data", "kserve_v1"));
    }

    @Test
    void describesTheModelFromItsSignature() {
        given().when().get("/v2/models/mlp").then().statusCode(200)
                .body("name", equalTo("mlp"))
                .body("platform", equalTo("pytorch_torchscript"))
                .body("inputs[0].name", equalTo("input"))
                .body("inputs[0].datatype", equalTo("FP32"))
                .body("inputs[0].shape", contains(-1, 16))
                .body("outputs[0].name", equalTo("probabilities"))
                .body("outputs[0].shape", contains(-1, 4));
    }

    @Test
    void reportsTheModelReady() {
        given().when().get("/v2/models/mlp/ready").then().statusCode(200).body("ready", equalTo(true));
    }

    @Test
    void answersModelReadinessForAnUnknownModelWith404() {
        given().when().get("/v2/models/nope/ready").then().statusCode(404)
                .body("error", equalTo("model 'nope' is not served here; this server serves 'mlp'"));
    }
}
