package dev.kinfer.runtime.fetch;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * AWS Signature Version 4 for one request, in plain JDK crypto: canonical request, string to sign, the signing key
 * derived date → region → service → "aws4_request", and the {@code Authorization} header value. Only what a GET of
 * an S3 object needs: the caller passes every header to sign, already including {@code host}.
 */
public final class SigV4 {

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    /** SHA-256 of an empty payload: the {@code x-amz-content-sha256} of a GET. */
    public static final String EMPTY_PAYLOAD_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SigV4() {
    }

    /** The {@code x-amz-date} form of an instant, e.g. 20130524T000000Z. */
    public static String amzDate(Instant time) {
        return AMZ_DATE.format(time);
    }

    /**
     * The {@code Authorization} header value.
     *
     * @param canonicalUri the request path, already URI-encoded (see {@link #encodePath})
     * @param headers every header to sign, including {@code host} and {@code x-amz-date}; names any case
     */
    public static String authorization(String method, String canonicalUri, String canonicalQuery,
            Map<String, String> headers, String payloadSha256, String accessKeyId, String secretAccessKey,
            String region, String service) {
        SortedMap<String, String> canonical = canonicalHeaders(headers);
        String amzDate = canonical.get("x-amz-date");
        if (amzDate == null || amzDate.length() < 8) {
            throw new IllegalArgumentException("the signed headers need x-amz-date (yyyyMMdd'T'HHmmss'Z')");
        }
        String date = amzDate.substring(0, 8);
        String signedHeaders = String.join(";", canonical.keySet());
        String request = canonicalRequest(method, canonicalUri, canonicalQuery, canonical, payloadSha256);
        String scope = date + "/" + region + "/" + service + "/aws4_request";
        String stringToSign = ALGORITHM + "\n" + amzDate + "\n" + scope + "\n" + sha256Hex(request);
        byte[] key = signingKey(secretAccessKey, date, region, service);
        String signature = HexFormat.of().formatHex(hmac(key, stringToSign));
        return ALGORITHM + " Credential=" + accessKeyId + "/" + scope + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + signature;
    }

    /** Method, path, query, "name:value" lines, the signed header names, the payload hash; joined by newlines. */
    static String canonicalRequest(String method, String canonicalUri, String canonicalQuery,
            SortedMap<String, String> canonicalHeaders, String payloadSha256) {
        String headerLines = canonicalHeaders.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue() + "\n")
                .collect(Collectors.joining());
        return method + "\n" + canonicalUri + "\n" + canonicalQuery + "\n" + headerLines + "\n"
                + String.join(";", canonicalHeaders.keySet()) + "\n" + payloadSha256;
    }

    /** Lower-case names in order; values trimmed with inner runs of spaces folded to one. */
    static SortedMap<String, String> canonicalHeaders(Map<String, String> headers) {
        SortedMap<String, String> canonical = new TreeMap<>();
        headers.forEach((name, value) -> canonical.put(name.toLowerCase(java.util.Locale.ROOT),
                value.strip().replaceAll(" +", " ")));
        return canonical;
    }

    static byte[] signingKey(String secretAccessKey, String date, String region, String service) {
        byte[] kDate = hmac(("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kRegion = hmac(kDate, region);
        byte[] kService = hmac(kRegion, service);
        return hmac(kService, "aws4_request");
    }

    /**
     * Encodes an S3 object path the way S3 signs it: every byte except the unreserved characters
     * {@code A-Z a-z 0-9 - _ . ~} and the slash as %XX (upper-case hex); each segment once, not twice.
     */
    public static String encodePath(String path) {
        StringBuilder out = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return out.toString();
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }
}
