package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import dev.kinfer.runtime.testing.Http;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** INT64 inputs: the token classifier fixture, served with dynamic batching. */
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

    /**
     * A token id outside the vocabulary passes every check before the model, so it reaches a batch and
     * fails it in the engine; the worker then runs the batch's requests one by one: only the bad one fails.
     */
    @Test
    void aRequestTheEngineRejectsNeverFailsItsBatchMates() {
        List<Fixtures.Case> cases = Fixtures.cases("tokens");
        double rejectedBefore = metric("kinfer_inference_errors_total{kind=\"rejected\",}");
        byte[] bad = ("{\"inputs\":[{\"name\":\"input_ids\",\"datatype\":\"INT64\",\"shape\":[1,8],"
                + "\"data\":[1,2,3,4,5,6,7,100000]}]}").getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<HttpResponse<byte[]>>> good = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            good.add(Http.post("/v2/models/tokens/infer", Fixtures.inferBody("input_ids", cases.get(i % 2).input())
                    .getBytes(StandardCharsets.UTF_8), Map.of("Content-Type", "application/json")));
        }
        HttpResponse<byte[]> rejected = Http.post("/v2/models/tokens/infer", bad,
                Map.of("Content-Type", "application/json")).join();

        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(Http.text(rejected)).contains("inputs[0] was rejected by the model: ");
        for (int i = 0; i < good.size(); i++) {
            HttpResponse<byte[]> response = good.get(i).join();
            assertThat(response.statusCode()).as(Http.text(response)).isEqualTo(200);
            GoldenAssert.assertMatches(cases.get(i % 2).outputs().get(0),
                    Fixtures.parse(Http.text(response)).at("/outputs/0"));
        }
        assertThat(metric("kinfer_inference_errors_total{kind=\"rejected\",}") - rejectedBefore).isEqualTo(1);
    }

    private static double metric(String series) {
        return Http.get("/metrics").body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst().orElse(0);
    }
}
