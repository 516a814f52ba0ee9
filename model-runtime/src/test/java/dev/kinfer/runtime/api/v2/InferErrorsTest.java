package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.kinfer.runtime.testing.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** Each malformed request gets its status and an error naming the field and what was expected. */
@QuarkusTest
class InferErrorsTest {
    private static final String ROW = String.join(",", Collections.nCopies(16, "0.5"));

    private static ValidatableResponse post(String model, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/v2/models/" + model + "/infer")
                .then().contentType(ContentType.JSON);
    }

    private static String input(String name, String datatype, String shape, String data) {
        return "{\"inputs\":[{\"name\":\"" + name + "\",\"datatype\":\"" + datatype + "\",\"shape\":" + shape
                + ",\"data\":" + data + "}]}";
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        post("mlp", "{\"inputs\": [").statusCode(400).body("error", startsWith("request body is not valid JSON: "));
    }

    @Test
    void rejectsAnEmptyBody() {
        post("mlp", "").statusCode(400).body("error", startsWith("request body is empty"));
    }

    @Test
    void rejectsARequestWithoutInputs() {
        post("mlp", "{\"id\":\"x\"}").statusCode(400)
                .body("error", equalTo("inputs is required and must be a non-empty array"));
    }

    @Test
    void rejectsAnInputWithoutShape() {
        post("mlp", "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"data\":[1]}]}").statusCode(400)
                .body("error", startsWith("inputs[0].shape is required"));
    }

    @Test
    void rejectsAnUnknownDatatype() {
        post("mlp", input("input", "FP99", "[1,16]", "[" + ROW + "]")).statusCode(400)
                .body("error", equalTo("inputs[0].datatype 'FP99' is not one of BOOL, UINT8, INT8, INT16, INT32, INT64, FP16, FP32, FP64"));
    }

    @Test
    void rejectsADatatypeTheModelDoesNotTake() {
        post("mlp", input("input", "FP64", "[1,16]", "[" + ROW + "]")).statusCode(400)
                .body("error", equalTo("inputs[0].datatype 'FP64' does not match the model's input 'input' (FP32)"));
    }

    @Test
    void rejectsTensorWhoseDataLengthDoesNotMatchShape() {
        post("mlp", input("input", "FP32", "[2,16]", "[" + ROW + "]")).statusCode(400)
                .body("error", equalTo("inputs[0].data has 16 elements but shape [2,16] needs 32"));
    }

    @Test
    void rejectsAShapeTheModelDoesNotTake() {
        String data = "[" + String.join(",", Collections.nCopies(15, "0.5")) + "]";
        post("mlp", input("input", "FP32", "[1,15]", data)).statusCode(400)
                .body("error", equalTo("inputs[0].shape [1,15] does not match the model's input [-1,16]"));
    }

    @Test
    void rejectsNonNumericData() {
        String data = "[" + String.join(",", Collections.nCopies(15, "0.5")) + ",\"abc\"]";
        post("mlp", input("input", "FP32", "[1,16]", data)).statusCode(400)
                .body("error", equalTo("inputs[0].data[15] is \"abc\" but FP32 needs a number"));
    }

    @Test
    void rejectsAnInputNameTheModelDoesNotHave() {
        post("mlp", input("pixels", "FP32", "[1,16]", "[" + ROW + "]")).statusCode(400)
                .body("error", equalTo("inputs[0].name 'pixels' is not an input of model 'mlp'; its inputs are: input FP32[-1,16]"));
    }

    @Test
    void rejectsARequestedOutputTheModelDoesNotHave() {
        String body = "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,16],\"data\":[" + ROW + "]}],"
                + "\"outputs\":[{\"name\":\"logits\"}]}";
        post("mlp", body).statusCode(400)
                .body("error", equalTo("outputs[0].name 'logits' is not an output of model 'mlp'; its outputs are: probabilities"));
    }

    @Test
    void answersAnUnknownModelWith404NamingTheServedModel() {
        post("resnet", input("input", "FP32", "[1,16]", "[" + ROW + "]")).statusCode(404)
                .body("error", equalTo("model 'resnet' is not served here; this server serves 'mlp'"));
    }

    @Test
    void servesAGoodRequestRightAfterABadOne() {
        post("mlp", input("input", "FP32", "[1,16]", "[" + ROW.replace("0.5", "\"x\"") + "]")).statusCode(400);
        post("mlp", Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input())).statusCode(200)
                .body("outputs[0].name", equalTo("probabilities"));
    }

    @Test
    void rejectsANegativeDimension() {
        post("mlp", input("input", "FP32", "[-1,16]", "[" + ROW + "]")).statusCode(400)
                .body("error", containsString("inputs[0].shape[0] is -1 but must be a non-negative integer"));
    }
}
