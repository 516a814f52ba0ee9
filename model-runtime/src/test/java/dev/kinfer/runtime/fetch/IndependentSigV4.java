package dev.kinfer.runtime.fetch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * What an S3 server does to check a SigV4 request, written from the algorithm's description and independently of
 * {@link SigV4}: rebuild the canonical request from what arrived, then the signature.
 */
final class IndependentSigV4 {

    private IndependentSigV4() {
    }

    static String expectedAuthorization(FileServer.Received request, String accessKey, String secretKey,
            String region) throws Exception {
        String authorization = request.headers().getFirst("Authorization");
        String signedHeaders = authorization.replaceFirst(".*SignedHeaders=([^,]+),.*", "$1");
        String amzDate = request.headers().getFirst("x-amz-date");
        String day = amzDate.substring(0, 8);
        List<String> lines = new ArrayList<>();
        lines.add(request.method());
        lines.add(request.rawPath());
        lines.add("");
        for (String name : signedHeaders.split(";")) {
            lines.add(name + ":" + request.headers().getFirst(name).trim());
        }
        lines.add("");
        lines.add(signedHeaders);
        lines.add(request.headers().getFirst("x-amz-content-sha256"));
        String canonical = String.join("\n", lines);
        String scope = day + "/" + region + "/s3/aws4_request";
        String toSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n" + HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8)));
        byte[] key = ("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8);
        for (String part : new String[] {day, region, "s3", "aws4_request"}) {
            key = hmac(key, part);
        }
        return "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope + ",SignedHeaders=" + signedHeaders
                + ",Signature=" + HexFormat.of().formatHex(hmac(key, toSign));
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }
}
