package dev.kinfer.runtime.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.runtime.testing.Fixtures;
import dev.kinfer.runtime.testing.Http;
import dev.kinfer.runtime.testing.ServeModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A body without Content-Length (Transfer-Encoding: chunked) cannot be refused from its headers: the limit is
 * enforced while it is read, with the same 413 and message as a declared oversize body.
 */
@QuarkusTest
@TestProfile(ServeModel.Serving.class)
class ChunkedBodyTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** The JDK client sends a body of unknown length chunked. */
    private static HttpResponse<String> postChunked(byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(Http.uri("/v2/models/mlp/infer"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aChunkedBodyOverTheLimitIsRefusedWith413NamingTheLimit() throws Exception {
        byte[] huge = new byte[ServeModel.Serving.MAX_REQUEST_BYTES + 32 * 1024];
        Arrays.fill(huge, (byte) ' ');

        HttpResponse<String> response = postChunked(huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(response.body()).contains("request body is larger than the limit of 65536 bytes");
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() throws Exception {
        byte[] body = Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input()).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = postChunked(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outputs\"");
    }

    @Test
    void aChunkedBodyLargerThanTheFirstBufferGrowsAndIsServedWhole() throws Exception {
        String json = Fixtures.inferBody("input", Fixtures.cases("mlp").get(0).input());
        byte[] body = (" ".repeat(50 * 1024) + json).getBytes(StandardCharsets.UTF_8); // leading whitespace is valid JSON

        HttpResponse<String> response = postChunked(body);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outputs\"");
    }
}
