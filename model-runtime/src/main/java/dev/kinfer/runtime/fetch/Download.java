package dev.kinfer.runtime.fetch;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One download attempt: GET the URL and stream the body into {@code temp}, counting bytes (stopping as soon as the
 * limit is passed) and hashing them. Throws {@link FetchFailedException} naming the URI and the cause, with whether
 * a retry may help.
 */
final class Download {

    private static final Pattern S3_ERROR = Pattern.compile("<Code>([^<]*)</Code>(?:.*?<Message>([^<]*)</Message>)?",
            Pattern.DOTALL);

    private final HttpClient client;
    private final Duration timeout;
    private final long maxBytes;

    Download(HttpClient client, Duration timeout, long maxBytes) {
        this.client = client;
        this.timeout = timeout;
        this.maxBytes = maxBytes;
    }

    /** The file's size and SHA-256 (lower-case hex). */
    record Result(long bytes, String sha256) {
    }

    /**
     * @param shown the URI as messages show it (no query string: presigned URLs carry their signature there)
     */
    Result run(URI url, Map<String, String> headers, String shown, Path temp) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout).GET();
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new FetchFailedException(shown + ": no response within " + timeout.toSeconds()
                    + " s (--timeout-seconds)", true);
        } catch (ConnectException e) {
            throw new FetchFailedException(shown + ": cannot connect to " + url.getHost()
                    + (url.getPort() > 0 ? ":" + url.getPort() : "") + " (" + describe(e) + ")", true);
        } catch (IOException e) {
            throw new FetchFailedException(shown + ": request failed (" + describe(e) + ")", true);
        }
        try (InputStream body = response.body()) {
            int status = response.statusCode();
            if (status != 200) {
                throw statusFailure(shown, status, errorText(body), response);
            }
            long announced = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > maxBytes) {
                throw new FetchFailedException(shown + ": the file is " + announced + " bytes, over the limit of "
                        + maxBytes + " bytes (--max-bytes); nothing was downloaded", false);
            }
            return copy(body, temp, shown, announced);
        } catch (IOException e) {
            throw new FetchFailedException(shown + ": the download broke off (" + describe(e) + ")", true);
        }
    }

    private Result copy(InputStream body, Path temp, String shown, long announced) throws IOException {
        MessageDigest sha256 = sha256();
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(temp)) {
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                total += n;
                if (total > maxBytes) {
                    throw new FetchFailedException(shown + ": the file is larger than the limit of " + maxBytes
                            + " bytes (--max-bytes); stopped after " + total + " bytes", false);
                }
                sha256.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        if (announced >= 0 && total != announced) {
            throw new FetchFailedException(shown + ": the download broke off after " + total + " of " + announced
                    + " bytes", true);
        }
        return new Result(total, HexFormat.of().formatHex(sha256.digest()));
    }

    private static FetchFailedException statusFailure(String shown, int status, String text,
            HttpResponse<?> response) {
        boolean retryable = status >= 500 || status == 429;
        StringBuilder message = new StringBuilder(shown).append(": HTTP ").append(status);
        if (!text.isEmpty()) {
            message.append(" (").append(text).append(")");
        }
        response.headers().firstValue("x-amz-bucket-region").ifPresent(region -> message.append("; the bucket is in ")
                .append(region).append(": set AWS_REGION=").append(region));
        if (status == 401 || status == 403) {
            message.append("; check the credentials (for s3://, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY from "
                    + "spec.predictor.model.credentialsSecret) and that they may read the object");
        } else if (status == 404) {
            message.append("; check that the URI names an existing file");
        }
        if (!retryable) {
            message.append(" (a ").append(status).append(" is not retried)");
        }
        return new FetchFailedException(message.toString(), retryable, status);
    }

    /** S3's error code and message, else the start of the body on one line. */
    private static String errorText(InputStream body) {
        try {
            String text = new String(body.readNBytes(2048), StandardCharsets.UTF_8);
            Matcher s3 = S3_ERROR.matcher(text);
            if (s3.find()) {
                return s3.group(2) == null ? s3.group(1) : s3.group(1) + ": " + s3.group(2);
            }
            String line = text.replaceAll("\\s+", " ").strip();
            return line.length() > 160 ? line.substring(0, 160) + "..." : line;
        } catch (IOException e) {
            return "";
        }
    }

    static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
