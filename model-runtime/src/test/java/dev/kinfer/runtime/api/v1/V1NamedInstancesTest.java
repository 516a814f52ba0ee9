package dev.kinfer.runtime.api.v1;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * KServe V1 for a model with several inputs: each instance is an object with one field per input, and each input
 * is stacked across instances. The types fixture takes one [batch, 2] input per datatype and answers each doubled
 * (BOOL negated).
 */
@QuarkusTest
@TestProfile(ServeModel.Types.class)
class V1NamedInstancesTest {

    private static String instance(boolean flag, int n, double x) {
        return "{\"flags\":[" + flag + "," + !flag + "],\"small\":[" + n + "," + -n + "],\"octets\":[" + n + ",1],"
                + "\"shorts\":[" + n + ",2],\"ints\":[" + n + ",3],\"longs\":[" + n + ",4],\"halves\":[" + x + ",0.5],"
                + "\"floats\":[" + x + ",-2.5],\"doubles\":[" + x + ",4.25]}";
    }

    @Test
    void stacksEachNamedInputAcrossInstancesAndAnswersOnePredictionPerInstance() {
        given().contentType(ContentType.JSON)
                .body("{\"instances\":[" + instance(true, 3, 1.5) + "," + instance(false, 5, -0.25) + "]}")
                .when().post("/v1/models/types:predict")
                .then().statusCode(200)
                .body("predictions.size()", equalTo(2))
                .body("predictions[0].out_flags", equalTo(List.of(false, true)))
                .body("predictions[0].out_small", equalTo(List.of(6, -6)))
                .body("predictions[1].out_longs", equalTo(List.of(10, 8)))
                .body("predictions[1].out_floats", equalTo(List.of(-0.5f, -5.0f)))
                .body("predictions[1].out_doubles", equalTo(List.of(-0.5f, 8.5f)));
    }

    @Test
    void anInstanceWithoutOneOfTheInputsIsRefusedNamingIt() {
        String missing = instance(true, 1, 1).replace("\"ints\":[1,3],", "");
        given().contentType(ContentType.JSON).body("{\"instances\":[" + instance(true, 1, 1) + "," + missing + "]}")
                .when().post("/v1/models/types:predict")
                .then().statusCode(400)
                .body("error", startsWith("instances[1] has no field 'ints'; model 'types' takes flags, small, octets,"));
    }

    @Test
    void aFieldThatIsNoInputIsRefusedNamingTheInputs() {
        String extra = instance(true, 1, 1).replace("{", "{\"bogus\":[1,2],");
        given().contentType(ContentType.JSON).body("{\"instances\":[" + extra + "]}")
                .when().post("/v1/models/types:predict")
                .then().statusCode(400)
                .body("error", startsWith("instances[0] has a field 'bogus' that is not an input of model 'types'"));
    }

    @Test
    void plainArraysForAModelWithSeveralInputsSayHowToNameThem() {
        given().contentType(ContentType.JSON).body("{\"instances\":[[1,2]]}")
                .when().post("/v1/models/types:predict")
                .then().statusCode(400)
                .body("error", startsWith("model 'types' takes 9 inputs (flags, small, octets, shorts, ints, longs,"
                        + " halves, floats, doubles); send each instance as an object with one field per input"));
    }

    @Test
    void instancesOfDifferentShapesForOneInputAreRefusedNamingTheOffender() {
        String wrong = instance(true, 1, 1).replace("\"floats\":[1.0,-2.5]", "\"floats\":[1.0,-2.5,3.0]");
        given().contentType(ContentType.JSON).body("{\"instances\":[" + instance(true, 1, 1) + "," + wrong + "]}")
                .when().post("/v1/models/types:predict")
                .then().statusCode(400)
                .body("error", startsWith("instances[1].floats does not have the shape of instances[0]"));
    }
}
