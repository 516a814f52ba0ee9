package dev.kinfer.runtime.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kinfer.runtime.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetch command against a real HTTP server on 127.0.0.1 serving a real TorchScript file. */
class FetchCommandTest {

    @TempDir
    Path dir;

    private byte[] model;
    private String modelSha256;
    private FileServer server;
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @BeforeEach
    void serveTheMlpFixture() throws Exception {
        model = Files.readAllBytes(Fixtures.model("mlp"));
        modelSha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model));
        server = new FileServer(model);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void downloadsTheFileWhoseSha256IsAsExpected() throws IOException {
        Path out = dir.resolve("models/mlp.pt");

        int code = fetch(Map.of(), "--uri", server.uri("/models/mlp.pt").toString(), "--out", out.toString(),
                "--sha256", modelSha256.toUpperCase());

        assertThat(code).as(stderr()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(model);
        assertThat(files(out.getParent())).containsExactly(out);
        assertThat(stderr()).contains(model.length + " bytes", modelSha256, "(as expected)");
    }

    @Test
    void checksumMismatchFailsNamingBothDigestsAndKeepsNoFile() throws IOException {
        Path out = dir.resolve("mlp.pt");
        Path message = dir.resolve("termination-log");
        String wrong = "0".repeat(64);

        int code = fetch(Map.of(), "--uri", server.uri("/mlp.pt").toString(), "--out", out.toString(),
                "--sha256", wrong, "--retries", "3", "--message-file", message.toString());

        assertThat(code).isEqualTo(1);
        String expected = "fetch " + server.uri("/mlp.pt") + ": sha256 mismatch: expected " + wrong + ", got "
                + modelSha256 + " (" + model.length + " bytes); the file was not kept";
        assertThat(stderr()).contains(expected);
        assertThat(Files.readString(message).strip()).isEqualTo(expected);
        assertThat(files(dir)).containsExactly(message);
        assertThat(server.received()).as("a checksum mismatch is not retried").hasSize(1);
    }

    @Test
    void fileAnnouncedOverTheSizeLimitIsRefusedBeforeItsBodyIsRead() throws IOException {
        Path out = dir.resolve("mlp.pt");

        int code = fetch(Map.of(), "--uri", server.uri("/mlp.pt").toString(), "--out", out.toString(),
                "--max-bytes", "1000");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("the file is " + model.length + " bytes, over the limit of 1000 bytes "
                + "(--max-bytes); nothing was downloaded");
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void fileWithoutContentLengthStopsOnceItPassesTheSizeLimit() throws IOException {
        server.chunked();
        Path out = dir.resolve("mlp.pt");

        int code = fetch(Map.of(), "--uri", server.uri("/mlp.pt").toString(), "--out", out.toString(),
                "--max-bytes", "1000");

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("the file is larger than the limit of 1000 bytes (--max-bytes); stopped after");
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void notFoundFailsAtOnceWithTheStatus() throws IOException {
        server.answering(404);

        int code = fetch(Map.of(), "--uri", server.uri("/missing.pt").toString(), "--out",
                dir.resolve("m.pt").toString(), "--retries", "3");

        assertThat(code).isEqualTo(1);
        assertThat(server.received()).hasSize(1);
        assertThat(stderr()).contains("fetch " + server.uri("/missing.pt") + ": HTTP 404 (Scripted404: scripted answer)",
                "(a 404 is not retried)");
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void serverErrorsAndTooManyRequestsAreRetriedUntilTheFileComes() throws IOException {
        server.answering(500, 429);
        Path out = dir.resolve("mlp.pt");

        int code = fetch(Map.of(), "--uri", server.uri("/mlp.pt").toString(), "--out", out.toString(),
                "--sha256", modelSha256, "--retries", "2");

        assertThat(code).as(stderr()).isZero();
        assertThat(server.received()).hasSize(3);
        assertThat(Files.readAllBytes(out)).isEqualTo(model);
        assertThat(stderr()).contains("attempt 1 of 3 failed", "HTTP 500", "attempt 2 of 3 failed", "HTTP 429");
    }

    @Test
    void refusedConnectionIsRetriedThenFailsNamingTheUriAndTheAttempts() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String uri = "http://127.0.0.1:" + closedPort + "/mlp.pt";
        Path message = dir.resolve("termination-log");

        int code = fetch(Map.of(), "--uri", uri, "--out", dir.resolve("mlp.pt").toString(), "--retries", "2",
                "--message-file", message.toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("attempt 1 of 3 failed", "attempt 2 of 3 failed");
        String last = Files.readString(message).strip();
        assertThat(last).startsWith("fetch " + uri + ": cannot connect to 127.0.0.1:" + closedPort)
                .endsWith("(gave up after 3 attempts)");
        assertThat(files(dir)).containsExactly(message);
    }

    @Test
    void queryStringOfAPresignedUrlStaysOutOfMessages() throws IOException {
        server.answering(403);

        fetch(Map.of(), "--uri", server.uri("/mlp.pt").toString() + "?X-Amz-Signature=secret", "--out",
                dir.resolve("m.pt").toString());

        assertThat(stderr()).contains(server.uri("/mlp.pt") + "?...: HTTP 403").doesNotContain("secret");
    }

    @Test
    void s3ObjectIsReadPathStyleFromTheEndpointWithASignatureTheServerCanCheck() throws Exception {
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIDTEST", "AWS_SECRET_ACCESS_KEY", "secret/key+1",
                "AWS_SESSION_TOKEN", "session-token", "AWS_REGION", "eu-west-3",
                "AWS_ENDPOINT_URL_S3", "http://127.0.0.1:" + server.port());
        Path out = dir.resolve("mlp.pt");

        int code = fetch(env, "--uri", "s3://models/resnet v1/mlp.pt".replace(" ", "%20"), "--out", out.toString(),
                "--sha256", modelSha256);

        assertThat(code).as(stderr()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(model);
        FileServer.Received request = server.received().get(0);
        assertThat(request.rawPath()).isEqualTo("/models/resnet%20v1/mlp.pt");
        assertThat(request.headers().getFirst("x-amz-content-sha256"))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(request.headers().getFirst("x-amz-security-token")).isEqualTo("session-token");
        String authorization = request.headers().getFirst("Authorization");
        assertThat(authorization).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/")
                .contains("/eu-west-3/s3/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date;"
                        + "x-amz-security-token,Signature=");
        assertThat(authorization).isEqualTo(IndependentSigV4.expectedAuthorization(request, "AKIDTEST",
                "secret/key+1", "eu-west-3"));
    }

    @Test
    void s3WithoutCredentialsIsReadAnonymously() throws IOException {
        Path out = dir.resolve("mlp.pt");

        int code = fetch(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.port()), "--uri",
                "s3://public/mlp.pt", "--out", out.toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(server.received().get(0).rawPath()).isEqualTo("/public/mlp.pt");
        assertThat(server.received().get(0).headers().containsKey("Authorization")).isFalse();
    }

    @Test
    void s3DeniedNamesTheCredentialsToCheck() {
        server.answering(403);

        int code = fetch(Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.port()), "--uri",
                "s3://private/mlp.pt", "--out", dir.resolve("mlp.pt").toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("fetch s3://private/mlp.pt: HTTP 403", "AWS_ACCESS_KEY_ID");
    }

    @Test
    void signatureSidecarIsSavedBesideTheModelUnderItsStem() throws IOException {
        byte[] signature = Files.readAllBytes(Fixtures.dir().resolve("mlp.json"));
        server.serving("/models/mlp.json", signature);
        Path out = dir.resolve("mlp.pt");

        int code = fetch(Map.of(), "--uri", server.uri("/models/mlp.pt").toString(), "--out", out.toString(),
                "--sidecar-uri", server.uri("/models/mlp.json").toString());

        assertThat(code).as(stderr()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(model);
        assertThat(Files.readAllBytes(dir.resolve("mlp.json"))).isEqualTo(signature);
    }

    @Test
    void missingSidecarIsNoFailure() throws IOException {
        server.serving("/models/mlp.json", null);
        Path out = dir.resolve("mlp.pt");

        int code = fetch(Map.of(), "--uri", server.uri("/models/mlp.pt").toString(), "--out", out.toString(),
                "--sidecar-uri", server.uri("/models/mlp.json").toString(), "--retries", "2");

        assertThat(code).as(stderr()).isZero();
        assertThat(files(dir)).containsExactly(out);
        assertThat(stderr()).contains("no signature sidecar at " + server.uri("/models/mlp.json") + " (HTTP 404)");
        assertThat(server.received()).as("a missing sidecar is not retried").hasSize(2);
    }

    @Test
    void sidecarThatCannotBeReadFailsTheFetch() {
        server.serving("/models/mlp.json", new byte[(int) FetchOptions.MAX_SIDECAR_BYTES + 1]);

        int code = fetch(Map.of(), "--uri", server.uri("/models/mlp.pt").toString(), "--out",
                dir.resolve("mlp.pt").toString(), "--sidecar-uri", server.uri("/models/mlp.json").toString());

        assertThat(code).isEqualTo(1);
        assertThat(stderr()).contains("fetch " + server.uri("/models/mlp.json") + ": the file is 1048577 bytes, over "
                + "the limit of 1048576 bytes");
    }

    @Test
    void missingUriIsAUsageError() {
        assertThat(fetch(Map.of(), "--out", dir.resolve("m.pt").toString())).isEqualTo(2);
        assertThat(stderr()).contains("--uri is required");
    }

    @Test
    void shortChecksumIsAUsageError() {
        assertThat(fetch(Map.of(), "--uri", "https://example.invalid/m.pt", "--out", "m.pt", "--sha256", "abc"))
                .isEqualTo(2);
        assertThat(stderr()).contains("--sha256 'abc' is not a SHA-256; expected 64 hex digits");
    }

    @Test
    void unsupportedSchemeIsAUsageError() {
        assertThat(fetch(Map.of(), "--uri", "gs://bucket/m.pt", "--out", "m.pt")).isEqualTo(2);
        assertThat(stderr()).contains("--uri 'gs://bucket/m.pt' is not supported; expected http(s)://host/path or "
                + "s3://bucket/key");
    }

    private int fetch(Map<String, String> env, String... args) {
        PrintStream err = new PrintStream(stderr, true, StandardCharsets.UTF_8);
        return new FetchCommand(env, err, Duration.ofMillis(10), Clock.systemUTC()).run(args);
    }

    private String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    private static List<Path> files(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return new ArrayList<>(files.filter(Files::isRegularFile).toList());
        }
    }
}
