package dev.kinfer.runtime.fetch;

import dev.kinfer.runtime.cli.CommandLine;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code fetch}, checked. Options take {@code --name value} or {@code --name=value}.
 *
 * @param sha256 the expected SHA-256 of the file, lower-case hex, when given
 * @param maxBytes the largest file accepted; the download stops as soon as it is passed
 * @param retries further attempts after a failure that may pass (connection error, timeout, 5xx, 429)
 * @param timeout connect timeout, and how long to wait for the response headers
 * @param messageFile where the one-line failure message is also written (e.g. /dev/termination-log)
 * @param sidecarUri the model's signature sidecar, fetched after the model to {@code <stem of out>.json} if it exists
 */
public record FetchOptions(URI uri, Path out, Optional<String> sha256, long maxBytes, int retries, Duration timeout,
                           Optional<Path> messageFile, Optional<URI> sidecarUri, boolean help) {

    /** Largest signature sidecar accepted: a signature is a few hundred bytes. */
    public static final long MAX_SIDECAR_BYTES = 1 << 20;

    public static final int DEFAULT_RETRIES = 4;
    public static final int DEFAULT_TIMEOUT_SECONDS = 60;
    private static final Set<String> OPTIONS = Set.of("--uri", "--out", "--sha256", "--max-bytes", "--retries",
            "--timeout-seconds", "--message-file", "--sidecar-uri");

    public static final String USAGE = String.join("\n",
            "usage: java -jar quarkus-run.jar fetch --uri URI --out FILE [options]",
            "  --uri URI               http://, https:// or s3://bucket/key of the model file (required)",
            "  --out FILE              where to put it; written to a temporary file beside it, then renamed (required)",
            "  --sha256 HEX            expected SHA-256 (64 hex digits); a mismatch fails and leaves no file",
            "  --max-bytes N           largest file accepted; the download stops once it is passed (default: no limit)",
            "  --retries N             further attempts after connection errors, timeouts, 5xx and 429 (default "
                    + DEFAULT_RETRIES + "); never after 4xx",
            "  --timeout-seconds S     connect timeout and wait for the response headers, per attempt (default "
                    + DEFAULT_TIMEOUT_SECONDS + ")",
            "  --message-file FILE     on failure, also write the one-line message here, e.g. /dev/termination-log",
            "  --sidecar-uri URI       then fetch the model's signature JSON to <stem of --out>.json; a 404 or 403",
            "                          means there is none (at most 1 MiB, no checksum)",
            "s3:// reads AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN (all optional: anonymous without),",
            "AWS_REGION or AWS_DEFAULT_REGION (default us-east-1), and AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL",
            "(path-style requests to that endpoint, e.g. MinIO).");

    /** Parses {@code args} (the words after {@code fetch}); throws {@link FetchUsageException} naming the option. */
    public static FetchOptions parse(String... args) {
        URI uri = null;
        Path out = null;
        Optional<String> sha256 = Optional.empty();
        long maxBytes = Long.MAX_VALUE;
        int retries = DEFAULT_RETRIES;
        int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
        Optional<Path> messageFile = Optional.empty();
        Optional<URI> sidecarUri = Optional.empty();
        boolean help = false;
        for (CommandLine.Option option : CommandLine.options(args, OPTIONS, FetchUsageException::new)) {
            String name = option.name();
            String value = option.value();
            if (name.equals(CommandLine.HELP)) {
                help = true;
                continue;
            }
            switch (name) {
                case "--uri" -> uri = uri(name, value);
                case "--sidecar-uri" -> sidecarUri = Optional.of(uri(name, value));
                case "--out" -> out = Path.of(nonBlank(name, value, "a file path"));
                case "--sha256" -> sha256 = Optional.of(sha256(value));
                case "--max-bytes" -> maxBytes = number(name, value, 1);
                case "--retries" -> retries = (int) Math.min(number(name, value, 0), 100);
                case "--timeout-seconds" -> timeoutSeconds = (int) Math.min(number(name, value, 1), 86_400);
                case "--message-file" -> messageFile = Optional.of(Path.of(nonBlank(name, value, "a file path")));
                default -> throw new FetchUsageException("unknown option '" + name + "'; see --help for the options");
            }
        }
        if (!help && uri == null) {
            throw new FetchUsageException("--uri is required: the http(s):// or s3:// URI of the model file");
        }
        if (!help && out == null) {
            throw new FetchUsageException("--out is required: the path to write the model file to");
        }
        return new FetchOptions(uri, out, sha256, maxBytes, retries, Duration.ofSeconds(timeoutSeconds), messageFile,
                sidecarUri, help);
    }

    private static URI uri(String name, String value) {
        URI uri;
        try {
            uri = new URI(value.trim());
        } catch (URISyntaxException e) {
            throw new FetchUsageException(name + " '" + value + "' is not a URI (" + e.getReason() + "); expected "
                    + "http(s)://host/path or s3://bucket/key");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!Set.of("http", "https", "s3").contains(scheme) || uri.getHost() == null && uri.getAuthority() == null) {
            throw new FetchUsageException(name + " '" + value + "' is not supported; expected http(s)://host/path or "
                    + "s3://bucket/key");
        }
        return uri;
    }

    private static String sha256(String value) {
        String hex = value.trim().toLowerCase(Locale.ROOT);
        if (hex.length() != 64 || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new FetchUsageException("--sha256 '" + value + "' is not a SHA-256; expected 64 hex digits");
        }
        HexFormat.of().parseHex(hex);
        return hex;
    }

    private static String nonBlank(String name, String value, String expected) {
        return CommandLine.nonBlank(name, value, expected, FetchUsageException::new);
    }

    private static long number(String name, String value, long min) {
        try {
            long n = Long.parseLong(value.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new FetchUsageException(name + " is '" + value + "' but must be a whole number >= " + min);
    }
}
