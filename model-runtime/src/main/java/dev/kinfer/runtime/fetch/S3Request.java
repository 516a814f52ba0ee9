package dev.kinfer.runtime.fetch;

import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTPS GET that reads {@code s3://bucket/key}: its URL and the headers to send. Virtual-hosted style
 * ({@code https://bucket.s3.region.amazonaws.com/key}) against AWS; path style ({@code endpoint/bucket/key}) against
 * an endpoint override ({@code AWS_ENDPOINT_URL_S3}, else {@code AWS_ENDPOINT_URL}; MinIO and friends) and for
 * bucket names with dots, which do not match AWS' wildcard certificate. Signed with SigV4 when
 * {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY} are set, anonymous otherwise.
 *
 * @param headers what to send besides {@code Host} (which the HTTP client derives from the URL, as signed)
 */
public record S3Request(URI url, Map<String, String> headers, boolean signed, String region) {

    public static final String DEFAULT_REGION = "us-east-1";

    public static S3Request of(URI s3Uri, Map<String, String> env, Instant now) {
        String bucket = s3Uri.getAuthority();
        String key = s3Uri.getPath() == null ? "" : s3Uri.getPath().replaceFirst("^/", "");
        if (bucket == null || bucket.isEmpty() || key.isEmpty() || key.endsWith("/")) {
            throw new FetchUsageException("--uri '" + s3Uri + "' does not name an object; expected s3://bucket/key");
        }
        String region = first(env, "AWS_REGION", "AWS_DEFAULT_REGION").orElse(DEFAULT_REGION);
        Optional<String> endpoint = first(env, "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL");
        URI url;
        if (endpoint.isPresent()) {
            URI base = URI.create(endpoint.get().replaceAll("/+$", ""));
            if (base.getScheme() == null || base.getHost() == null) {
                throw new FetchUsageException("the S3 endpoint '" + endpoint.get() + "' (AWS_ENDPOINT_URL_S3 or "
                        + "AWS_ENDPOINT_URL) is not a URL; expected e.g. http://minio.storage:9000");
            }
            url = withoutDefaultPort(URI.create(base.getScheme() + "://" + base.getRawAuthority()
                    + (base.getRawPath() == null ? "" : base.getRawPath())
                    + "/" + SigV4.encodePath(bucket) + "/" + SigV4.encodePath(key)));
        } else if (bucket.contains(".")) {
            url = URI.create("https://s3." + region + ".amazonaws.com/" + SigV4.encodePath(bucket) + "/"
                    + SigV4.encodePath(key));
        } else {
            url = URI.create("https://" + bucket + ".s3." + region + ".amazonaws.com/" + SigV4.encodePath(key));
        }

        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-content-sha256", SigV4.EMPTY_PAYLOAD_SHA256);
        headers.put("x-amz-date", SigV4.amzDate(now));
        Optional<String> accessKey = first(env, "AWS_ACCESS_KEY_ID");
        Optional<String> secretKey = first(env, "AWS_SECRET_ACCESS_KEY");
        if (accessKey.isPresent() != secretKey.isPresent()) {
            throw new FetchUsageException("only one of AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY is set; set both "
                    + "to sign S3 requests, or neither to read a public bucket anonymously");
        }
        if (accessKey.isEmpty()) {
            return new S3Request(url, headers, false, region);
        }
        first(env, "AWS_SESSION_TOKEN").ifPresent(token -> headers.put("x-amz-security-token", token));
        Map<String, String> signedHeaders = new LinkedHashMap<>(headers);
        signedHeaders.put("host", hostHeader(url));
        headers.put("Authorization", SigV4.authorization("GET", url.getRawPath(), "", signedHeaders,
                SigV4.EMPTY_PAYLOAD_SHA256, accessKey.get(), secretKey.get(), region, "s3"));
        return new S3Request(url, headers, true, region);
    }

    /** The Host header an HTTP client sends for this URL: the port only when it is not the scheme's default. */
    static String hostHeader(URI url) {
        return url.getPort() == -1 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }

    private static URI withoutDefaultPort(URI url) {
        int port = url.getPort();
        boolean dflt = port == 80 && "http".equals(url.getScheme()) || port == 443 && "https".equals(url.getScheme());
        return dflt ? URI.create(url.toString().replaceFirst(":" + port, "")) : url;
    }

    private static Optional<String> first(Map<String, String> env, String... names) {
        for (String name : names) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                return Optional.of(value.strip());
            }
        }
        return Optional.empty();
    }
}
