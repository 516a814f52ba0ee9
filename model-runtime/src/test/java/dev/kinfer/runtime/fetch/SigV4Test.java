package dev.kinfer.runtime.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SigV4Test {

    // AWS' published example "GET Object" (S3 API reference, "Signature Calculations for the Authorization Header"):
    // the example credentials, bucket examplebucket, object test.txt, the first 10 bytes, on 24 May 2013.
    private static final String EXAMPLE_ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
    private static final String EXAMPLE_SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    @Test
    void signsAwsGetObjectExampleToItsPublishedSignature() {
        String authorization = SigV4.authorization("GET", "/test.txt", "",
                Map.of("Host", "examplebucket.s3.amazonaws.com", "Range", "bytes=0-9",
                        "x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256, "x-amz-date", "20130524T000000Z"),
                SigV4.EMPTY_PAYLOAD_SHA256, EXAMPLE_ACCESS_KEY, EXAMPLE_SECRET_KEY, "us-east-1", "s3");

        assertThat(authorization).isEqualTo("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                + "aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,"
                + "Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
    }

    @Test
    void encodesKeysByteByByteButKeepsSlashes() {
        assertThat(SigV4.encodePath("/models/resnet v1/ü+w.pt")).isEqualTo("/models/resnet%20v1/%C3%BC%2Bw.pt");
        assertThat(SigV4.encodePath("/a-b_c.d~e")).isEqualTo("/a-b_c.d~e");
    }

    @Test
    void awsRequestsAreVirtualHostedInTheRegion() {
        S3Request request = S3Request.of(URI.create("s3://models/resnet/r18.pt"), Map.of("AWS_DEFAULT_REGION",
                "eu-central-1"), Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(request.url()).isEqualTo(URI.create("https://models.s3.eu-central-1.amazonaws.com/resnet/r18.pt"));
        assertThat(request.headers()).containsEntry("x-amz-date", "20261126T100000Z").doesNotContainKey("Authorization");
        assertThat(request.signed()).isFalse();
    }

    @Test
    void bucketsWithDotsArePathStyleBecauseTheWildcardCertificateDoesNotCoverThem() {
        S3Request request = S3Request.of(URI.create("s3://my.models/r18.pt"), Map.of(), Instant.EPOCH);

        assertThat(request.url()).isEqualTo(URI.create("https://s3.us-east-1.amazonaws.com/my.models/r18.pt"));
    }

    @Test
    void endpointOverrideIsPathStyleAndSignsTheHostWithItsPort() {
        S3Request request = S3Request.of(URI.create("s3://models/r18.pt"), Map.of("AWS_ENDPOINT_URL_S3",
                "http://minio.storage:9000/", "AWS_ENDPOINT_URL", "http://ignored:1", "AWS_ACCESS_KEY_ID", "AK",
                "AWS_SECRET_ACCESS_KEY", "SK"), Instant.parse("2026-11-26T10:00:00Z"));

        assertThat(request.url()).isEqualTo(URI.create("http://minio.storage:9000/models/r18.pt"));
        assertThat(request.headers().get("Authorization")).isEqualTo(SigV4.authorization("GET", "/models/r18.pt", "",
                Map.of("host", "minio.storage:9000", "x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256,
                        "x-amz-date", "20261126T100000Z"), SigV4.EMPTY_PAYLOAD_SHA256, "AK", "SK", "us-east-1", "s3"));
    }

    @Test
    void onlyOneOfTheTwoKeysIsAnError() {
        org.junit.jupiter.api.Assertions.assertThrows(FetchUsageException.class, () -> S3Request.of(
                URI.create("s3://models/r18.pt"), Map.of("AWS_ACCESS_KEY_ID", "AK"), Instant.EPOCH));
    }
}
