package dev.kinfer.runtime.api.v2;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.GoldenAssert;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Two workers share one model; concurrent clients each get their own, correct answer. */
@QuarkusTest
@TestProfile(ServeModel.Pair.class)
class ConcurrentRequestsTest {

    @Test
    void answersConcurrentRequestsEachWithItsOwnResult() throws Exception {
        List<Fixtures.Case> cases = Fixtures.cases("pair");
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                Fixtures.Case c = cases.get(i % cases.size());
                answers.add(clients.submit(() -> given().contentType(ContentType.JSON)
                        .body(Fixtures.inferBody("x", c.input()))
                        .when().post("/v2/models/pair/infer")
                        .then().statusCode(200).extract().asString()));
            }
            for (int i = 0; i < answers.size(); i++) {
                Fixtures.Case c = cases.get(i % cases.size());
                var response = Fixtures.parse(answers.get(i).get());
                assertEquals(2, response.get("outputs").size());
                GoldenAssert.assertMatches(c.outputs().get(0), response.at("/outputs/0"));
                GoldenAssert.assertMatches(c.outputs().get(1), response.at("/outputs/1"));
            }
        } finally {
            clients.shutdownNow();
        }
    }
}
