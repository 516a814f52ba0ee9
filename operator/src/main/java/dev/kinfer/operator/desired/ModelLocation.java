package dev.kinfer.operator.desired;

import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Where the runtime finds the model file, parsed from spec.predictor.model.storageUri. Validation and the
 * Deployment builder share this one parser so that what is accepted is exactly what can be mounted.
 */
public sealed interface ModelLocation {

    /** Directory a PVC is mounted at inside the runtime container. */
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

    /** Thrown for a storageUri the operator cannot serve; the message says what to use instead. */
    final class UnsupportedLocationException extends IllegalArgumentException {
        UnsupportedLocationException(String message) {
            super(message);
        }
    }

    String SUPPORTED = "use pvc://<claim>/<path> or file:///<path>";
    Pattern DNS1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

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

    // A '..' segment would let a pvc path escape the mount; for file:// it only hides what is really loaded.
    private static void rejectParentSegments(String uri, String path) {
        if (Arrays.asList(path.split("/")).contains("..")) {
            throw new UnsupportedLocationException("'" + uri + "' contains a '..' segment; use a path without it");
        }
    }
}
