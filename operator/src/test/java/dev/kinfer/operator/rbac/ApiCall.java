package dev.kinfer.operator.rbac;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One request to the Kubernetes API, as RBAC sees it: the verb, the API group, the resource (with its subresource,
 * e.g. {@code inferenceservices/status}), whether it was namespaced, and the object name if the path had one.
 * Parsed from an HTTP method and a request path the way the API server's request-info resolver does it.
 */
record ApiCall(String verb, String group, String resource, boolean namespaced, String name) {

    /** The API request behind an HTTP method and path, or empty for non-resource URLs such as /version. */
    static Optional<ApiCall> parse(String method, String pathAndQuery) {
        URI uri = URI.create(pathAndQuery);
        List<String> parts = Arrays.stream(uri.getPath().split("/")).filter(s -> !s.isEmpty()).toList();
        String group;
        int rest;
        if (parts.size() >= 2 && parts.get(0).equals("api")) {
            group = "";
            rest = 2;
        } else if (parts.size() >= 3 && parts.get(0).equals("apis")) {
            group = parts.get(1);
            rest = 3;
        } else {
            return Optional.empty();
        }
        List<String> tail = parts.subList(rest, parts.size());
        if (tail.isEmpty()) {
            return Optional.empty();
        }
        boolean namespaced = tail.size() >= 3 && tail.get(0).equals("namespaces");
        if (namespaced) {
            tail = tail.subList(2, tail.size());
        }
        String resource = tail.get(0);
        String name = tail.size() > 1 ? tail.get(1) : null;
        if (tail.size() > 2) {
            resource = resource + "/" + tail.get(2);
        }
        boolean watch = uri.getQuery() != null && Arrays.asList(uri.getQuery().split("&")).contains("watch=true");
        String verb = switch (method.toUpperCase()) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> throw new IllegalArgumentException("unexpected HTTP method " + method + " " + pathAndQuery);
        };
        return Optional.of(new ApiCall(verb, group, resource, namespaced, name));
    }

    ApiCall withVerb(String newVerb) {
        return new ApiCall(newVerb, group, resource, namespaced, name);
    }
}
