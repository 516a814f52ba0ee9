package dev.kinfer.e2e.cluster;

/** The parts of an API path the local API server's front needs: query, object, collection, status subresource. */
final class Paths {

    private Paths() {
    }

    static String withoutQuery(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    /** The path's query without the {@code ?}, empty when there is none. */
    static String query(String path) {
        int query = path.indexOf('?');
        return query < 0 ? "" : path.substring(query + 1);
    }

    /** The value of a query parameter (not URL-decoded), or null. */
    static String parameter(String path, String name) {
        for (String pair : query(path).split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            if (key.equals(name)) {
                return equals < 0 ? "" : pair.substring(equals + 1);
            }
        }
        return null;
    }

    /** {@code .../<plural>/<name>/status} names the status subresource of an object. */
    static boolean isStatus(String path) {
        String plain = withoutQuery(path);
        return plain.endsWith("/status") && segments(plain).length >= 5;
    }

    /** The object a path names, without its {@code /status} subresource and query. */
    static String object(String path) {
        String plain = withoutQuery(path);
        return isStatus(plain) ? plain.substring(0, plain.length() - "/status".length()) : plain;
    }

    /** The collection an object belongs to: its path without the name. */
    static String collection(String path) {
        String object = object(path);
        return object.substring(0, object.lastIndexOf('/'));
    }

    static String[] segments(String path) {
        return withoutQuery(path).replaceAll("^/+|/+$", "").split("/");
    }
}
