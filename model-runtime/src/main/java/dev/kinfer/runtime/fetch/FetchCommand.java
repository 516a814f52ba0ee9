package dev.kinfer.runtime.fetch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * {@code fetch --uri URI --out FILE [...]}: downloads a model file for an init container (see
 * {@link FetchOptions#USAGE}). The body goes to a temporary file beside {@code --out}, which is renamed into place
 * only once its size and checksum are right, so the runtime never sees a partial or wrong file. Attempts that may
 * pass (connection errors, timeouts, 5xx, 429) are retried with exponential backoff; others fail at once. Progress
 * goes to stderr; a failure is one line there and in {@code --message-file}. Exit codes: 0 done, 2 bad arguments,
 * 1 the download failed.
 */
public final class FetchCommand {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final Map<String, String> env;
    private final PrintStream stderr;
    private final Duration initialBackoff;
    private final Clock clock;

    public FetchCommand(Map<String, String> env, PrintStream stderr, Duration initialBackoff, Clock clock) {
        this.env = env;
        this.stderr = stderr;
        this.initialBackoff = initialBackoff;
        this.clock = clock;
    }

    public static FetchCommand standard() {
        return new FetchCommand(System.getenv(), System.err, Duration.ofSeconds(1), Clock.systemUTC());
    }

    public int run(String... args) {
        FetchOptions options;
        try {
            options = FetchOptions.parse(args);
        } catch (FetchUsageException e) {
            stderr.println("fetch: " + e.getMessage());
            return 2;
        }
        if (options.help()) {
            stderr.println(FetchOptions.USAGE);
            return 0;
        }
        try {
            fetch(options.uri(), options.out(), options.sha256(), options.maxBytes(), options);
            if (options.sidecarUri().isPresent()) {
                fetchSidecar(options);
            }
            return 0;
        } catch (FetchUsageException e) {
            fail(options, "fetch: " + e.getMessage());
            return 2;
        } catch (FetchFailedException e) {
            fail(options, "fetch " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(options, "fetch " + shown(options.uri()) + ": interrupted");
            return 1;
        }
    }

    /**
     * The signature sidecar ({@code <model stem>.json}) the runtime and the profile command read beside the model.
     * Optional: 404, and 403 (S3 answers that for a missing key without list permission), mean there is none.
     */
    private void fetchSidecar(FetchOptions options) throws InterruptedException {
        Path out = options.out().toAbsolutePath().normalize();
        String file = out.getFileName().toString();
        int dot = file.lastIndexOf('.');
        Path sidecar = out.resolveSibling((dot > 0 ? file.substring(0, dot) : file) + ".json");
        try {
            fetch(options.sidecarUri().get(), sidecar, Optional.empty(), FetchOptions.MAX_SIDECAR_BYTES, options);
        } catch (FetchFailedException e) {
            if (e.httpStatus() != 404 && e.httpStatus() != 403) {
                throw e;
            }
            stderr.println("fetch: no signature sidecar at " + shown(options.sidecarUri().get()) + " (HTTP "
                    + e.httpStatus() + "); the model is served without one unless KINFER_MODEL_SIGNATURE is set");
        }
    }

    private void fetch(URI uri, Path target, Optional<String> sha256, long maxBytes, FetchOptions options)
            throws InterruptedException {
        long start = System.nanoTime();
        Path out = target.toAbsolutePath().normalize();
        Path dir = out.getParent();
        String shown = shown(uri);
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(options.timeout())
                // A redirect would invalidate an S3 signature; plain http(s) may follow one (not https -> http).
                .followRedirects(isS3(uri) ? HttpClient.Redirect.NEVER : HttpClient.Redirect.NORMAL)
                .build();
        Download download = new Download(client, options.timeout(), maxBytes);
        int attempts = options.retries() + 1;
        Duration backoff = initialBackoff;
        for (int attempt = 1; ; attempt++) {
            Path temp = temp(dir, out, shown);
            try {
                Target request = target(uri);
                Download.Result result = download.run(request.url(), request.headers(), shown, temp);
                verify(sha256, shown, result);
                move(temp, out, shown);
                stderr.printf("fetch: %s -> %s: %d bytes, sha256 %s%s, in %.1f s%n", shown, out, result.bytes(),
                        result.sha256(), sha256.isPresent() ? " (as expected)" : "",
                        (System.nanoTime() - start) / 1e9);
                return;
            } catch (FetchFailedException e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw attempt == 1 ? e : new FetchFailedException(e.getMessage() + " (gave up after " + attempt
                            + " attempts)", false, e.httpStatus());
                }
                stderr.printf("fetch: attempt %d of %d failed: %s; retrying in %d ms%n", attempt, attempts,
                        e.getMessage(), backoff.toMillis());
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            } finally {
                deleteQuietly(temp);
            }
        }
    }

    private record Target(URI url, Map<String, String> headers) {
    }

    // Signed per attempt: an S3 signature is valid for 15 minutes, longer than a whole run of backoffs may take.
    private Target target(URI uri) {
        if (isS3(uri)) {
            S3Request s3 = S3Request.of(uri, env, clock.instant());
            return new Target(s3.url(), s3.headers());
        }
        return new Target(uri, Map.of());
    }

    private static void verify(Optional<String> sha256, String shown, Download.Result result) {
        if (sha256.isPresent() && !sha256.get().equals(result.sha256())) {
            throw new FetchFailedException(shown + ": sha256 mismatch: expected " + sha256.get() + ", got "
                    + result.sha256() + " (" + result.bytes() + " bytes); the file was not kept", false);
        }
    }

    private static void move(Path temp, Path out, String shown) {
        try {
            Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new FetchFailedException(shown + ": cannot move the download into place as " + out + " ("
                    + Download.describe(e) + ")", false);
        }
    }

    private static Path temp(Path dir, Path out, String shown) {
        try {
            Files.createDirectories(dir);
            return Files.createTempFile(dir, "." + out.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new FetchFailedException(shown + ": cannot write into " + dir + " (" + Download.describe(e) + ")",
                    false);
        }
    }

    private void fail(FetchOptions options, String message) {
        stderr.println(message);
        options.messageFile().ifPresent(file -> {
            try {
                Files.writeString(file, message + "\n", StandardCharsets.UTF_8);
            } catch (IOException e) {
                stderr.println("fetch: could not write the message to --message-file " + file + " ("
                        + Download.describe(e) + ")");
            }
        });
    }

    private static boolean isS3(URI uri) {
        return "s3".equalsIgnoreCase(uri.getScheme());
    }

    /** The URI without its query: presigned URLs carry credentials there, and messages end up in pod status. */
    static String shown(URI uri) {
        String text = uri.toString();
        int query = text.indexOf('?');
        return query < 0 ? text : text.substring(0, query) + "?...";
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover .part file in an emptyDir harms nothing; the next attempt uses a new name
        }
    }
}
