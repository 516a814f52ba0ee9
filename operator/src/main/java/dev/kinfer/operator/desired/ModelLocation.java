package dev.kinfer.operator.desired;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the runtime finds the model file, parsed from spec.predictor.model.storageUri. Validation and the
 * Deployment builder share this one parser so that what is accepted is exactly what can be mounted.
 */
public sealed interface ModelLocation {

    /** Directory a PVC is mounted at inside the runtime container, or a fetched model is downloaded to. */
    String MOUNT_PATH = "/mnt/models";

    /** The path the runtime receives in KINFER_MODEL_URI. */
    String runtimePath();

    /** A file on a PersistentVolumeClaim, mounted read-only at {@link #MOUNT_PATH}. */
    record Pvc(String claim, String path) implements ModelLocation {
        @Override
        public String runtimePath() {
            return MOUNT_PATH + "/" + path;
        }
    }

    /** A file already inside the runtime image (or a volume the image brings). */
    record File(String path) implements ModelLocation {
        @Override
        public String runtimePath() {
            return path;
        }
    }

    /**
     * A file the init container downloads into an emptyDir at {@link #MOUNT_PATH} before the runtime starts:
     * http(s):// or s3://.
     */
    sealed interface Fetched extends ModelLocation {
        /** The storageUri as given: what the fetch command reads. */
        String uri();

        /** The file name it is saved under in the emptyDir. */
        String fileName();

        /**
         * Where the model's signature sidecar would be: the same location with the file's extension replaced by
         * .json (the runtime reads {@code <stem>.json} beside the model). Empty when the file name was made up.
         */
        Optional<String> sidecarUri();

        @Override
        default String runtimePath() {
            return MOUNT_PATH + "/" + fileName();
        }
    }

    /** A file on an HTTP(S) server, read with a plain GET (a presigned URL works: the query is kept). */
    record Http(String uri, String fileName) implements Fetched {
        @Override
        public Optional<String> sidecarUri() {
            URI parsed = URI.create(uri);
            String path = parsed.getRawPath();
            if (!path.endsWith("/" + fileName)) {
                return Optional.empty();
            }
            // Without the query: a presigned URL's signature covers the model only.
            return Optional.of(parsed.getScheme() + "://" + parsed.getRawAuthority()
                    + path.substring(0, path.length() - fileName.length()) + ModelLocation.sidecarName(fileName));
        }
    }

    /** An object in an S3 bucket (or an S3-compatible store), read with a SigV4-signed or anonymous GET. */
    record S3(String uri, String bucket, String key, String fileName) implements Fetched {
        @Override
        public Optional<String> sidecarUri() {
            if (!key.equals(fileName) && !key.endsWith("/" + fileName)) {
                return Optional.empty();
            }
            return Optional.of("s3://" + bucket + "/" + key.substring(0, key.length() - fileName.length())
                    + ModelLocation.sidecarName(fileName));
        }
    }

    /** {@code resnet18.pt} → {@code resnet18.json}. */
    static String sidecarName(String fileName) {
        return fileName.substring(0, fileName.lastIndexOf('.')) + ".json";
    }

    /** Thrown for a storageUri the operator cannot serve; the message says what to use instead. */
    final class UnsupportedLocationException extends IllegalArgumentException {
        UnsupportedLocationException(String message) {
            super(message);
        }
    }

    String SUPPORTED = "use pvc://<claim>/<path>, file:///<path>, http(s)://<host>/<path> or s3://<bucket>/<key>";
    Pattern DNS1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    /** S3 bucket names: 3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit. */
    Pattern S3_BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** File name used in the emptyDir when the URI's last segment is not a plain file name. */
    String DEFAULT_FILE_NAME = "model.pt";

    /**
     * Parses a storageUri.
     *
     * @throws UnsupportedLocationException with a message that completes "storageUri ..." and says what to do
     */
    static ModelLocation parse(String uri) {
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            throw new UnsupportedLocationException("'" + uri + "' has no scheme; " + SUPPORTED);
        }
        String scheme = uri.substring(0, sep);
        String rest = uri.substring(sep + 3);
        return switch (scheme) {
            case "pvc" -> parsePvc(uri, rest);
            case "file" -> parseFile(uri, rest);
            case "http", "https" -> parseHttp(uri);
            case "s3" -> parseS3(uri, rest);
            default -> throw new UnsupportedLocationException("scheme '" + scheme + "' is not supported; " + SUPPORTED);
        };
    }

    private static ModelLocation parsePvc(String uri, String rest) {
        int slash = rest.indexOf('/');
        String claim = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        if (claim.isEmpty() || claim.length() > 253 || !DNS1123_SUBDOMAIN.matcher(claim).matches()) {
            throw new UnsupportedLocationException("'" + uri + "' does not name a valid PersistentVolumeClaim; "
                    + "use pvc://<claim>/<path> with a lower-case DNS name as the claim");
        }
        if (path.isEmpty() || path.endsWith("/")) {
            throw new UnsupportedLocationException("'" + uri + "' names no file on the claim; "
                    + "use pvc://" + claim + "/<path to the .pt file>");
        }
        rejectParentSegments(uri, path);
        return new Pvc(claim, path.replaceAll("/+", "/"));
    }

    private static ModelLocation parseFile(String uri, String rest) {
        if (!rest.startsWith("/") || rest.length() == 1) {
            throw new UnsupportedLocationException("'" + uri + "' is not an absolute file path; "
                    + "use file:///<absolute path to the .pt file> (three slashes)");
        }
        rejectParentSegments(uri, rest);
        return new File(rest.replaceAll("/+", "/"));
    }

    private static ModelLocation parseHttp(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new UnsupportedLocationException("'" + uri + "' is not a valid URL (" + e.getReason()
                    + "); use http(s)://<host>/<path to the .pt file> with special characters percent-encoded");
        }
        if (parsed.getHost() == null) {
            throw new UnsupportedLocationException("'" + uri + "' has no host; use http(s)://<host>/<path to the .pt file>");
        }
        if (parsed.getRawUserInfo() != null) {
            throw new UnsupportedLocationException("'" + uri + "' carries credentials (user:password@); they would be "
                    + "readable in the Deployment; use a presigned URL or s3:// with spec.predictor.model.credentialsSecret");
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        if (path.isEmpty() || path.endsWith("/")) {
            throw new UnsupportedLocationException("'" + uri + "' names no file; use http(s)://"
                    + parsed.getRawAuthority() + "/<path to the .pt file>");
        }
        return new Http(uri, fileName(path));
    }

    private static ModelLocation parseS3(String uri, String rest) {
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (!S3_BUCKET.matcher(bucket).matches()) {
            throw new UnsupportedLocationException("'" + uri + "' does not name a valid S3 bucket; use "
                    + "s3://<bucket>/<key> with a bucket of 3-63 lower-case letters, digits, '.' and '-'");
        }
        if (key.isEmpty() || key.endsWith("/")) {
            throw new UnsupportedLocationException("'" + uri + "' names no object; use s3://" + bucket
                    + "/<key of the .pt file>");
        }
        try {
            new URI(uri);
        } catch (URISyntaxException e) {
            throw new UnsupportedLocationException("'" + uri + "' is not a valid URI (" + e.getReason()
                    + "); percent-encode special characters in the key, e.g. a space as %20");
        }
        return new S3(uri, bucket, key, fileName(key));
    }

    /** The last path segment when it is a plain file name with an extension (as the user knows it), else model.pt. */
    private static String fileName(String path) {
        String last = path.substring(path.lastIndexOf('/') + 1);
        return last.matches("[A-Za-z0-9][A-Za-z0-9_-]*(\\.[A-Za-z0-9_-]+)+") && last.length() <= 200
                ? last : DEFAULT_FILE_NAME;
    }

    // A '..' segment would let a pvc path escape the mount; for file:// it only hides what is really loaded.
    private static void rejectParentSegments(String uri, String path) {
        if (Arrays.asList(path.split("/")).contains("..")) {
            throw new UnsupportedLocationException("'" + uri + "' contains a '..' segment; use a path without it");
        }
    }
}
