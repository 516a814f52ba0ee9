package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every V2 datatype in and out, nine inputs matched by name whatever their order in the request, nine
 * outputs from a tuple result (the {@code types} fixture: BOOL negated, every number doubled).
 */
@QuarkusTest
@TestProfile(ServeModel.Types.class)
class DatatypesTest {
    /** name, datatype, request data, expected output data; sent in reverse of the model's order. */
    private static final String[][] CASES = {
        {"flags", "BOOL", "[true,false]", "[false,true]"},
        {"small", "INT8", "[-3,4]", "[-6,8]"},
        {"octets", "UINT8", "[100,7]", "[200,14]"},
        {"shorts", "INT16", "[-300,12]", "[-600,24]"},
        {"ints", "INT32", "[70000,-1]", "[140000,-2]"},
        {"longs", "INT64", "[5000000000,3]", "[10000000000,6]"},
        {"halves", "FP16", "[1.5,-0.25]", "[3.0,-0.5]"},
        {"floats", "FP32", "[0.125,2.5]", "[0.25,5.0]"},
        {"doubles", "FP64", "[1.0E-300,3.25]", "[2.0E-300,6.5]"},
    };

    @Test
    void carriesEveryDatatypeThroughTheModelMatchingInputsByName() {
        List<String> inputs = new ArrayList<>();
        for (int i = CASES.length - 1; i >= 0; i--) {
            inputs.add("{\"name\":\"" + CASES[i][0] + "\",\"datatype\":\"" + CASES[i][1] + "\",\"shape\":[1,2],\"data\":"
                    + CASES[i][2] + "}");
        }
        String body = given().contentType(ContentType.JSON).body("{\"inputs\":[" + String.join(",", inputs) + "]}")
                .when().post("/v2/models/types/infer").then().statusCode(200).extract().asString();

        JsonNode outputs = Fixtures.parse(body).get("outputs");
        assertThat(outputs).hasSize(CASES.length);
        for (int i = 0; i < CASES.length; i++) {
            JsonNode out = outputs.get(i);
            assertThat(out.get("name").asText()).isEqualTo("out_" + CASES[i][0]);
            assertThat(out.get("datatype").asText()).isEqualTo(CASES[i][1]);
            assertThat(out.get("data")).as(CASES[i][0]).isEqualTo(Fixtures.parse(CASES[i][3]));
        }
    }

    @Test
    void describesAllInputsAndOutputsInTheModelsOrder() {
        given().when().get("/v2/models/types").then().statusCode(200)
                .body("inputs", hasSize(9))
                .body("inputs[6].name", equalTo("halves")).body("inputs[6].datatype", equalTo("FP16"))
                .body("outputs[3].name", equalTo("out_shorts")).body("outputs[3].datatype", equalTo("INT16"));
    }

    @Test
    void rejectsAValueOutsideItsDatatypesRange() {
        given().contentType(ContentType.JSON)
                .body("{\"inputs\":[{\"name\":\"octets\",\"datatype\":\"UINT8\",\"shape\":[1,2],\"data\":[256,1]}]}")
                .when().post("/v2/models/types/infer")
                .then().statusCode(400).body("error", equalTo("inputs[0].data[0] is 256 but UINT8 holds 0 to 255"));
    }
}
