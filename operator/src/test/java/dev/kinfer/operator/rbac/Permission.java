package dev.kinfer.operator.rbac;

/**
 * One RBAC grant the operator needs: a verb on a resource of a group. {@code resourceName} is set only when the
 * request named an object outside any namespace (its CRD), so the chart can grant exactly that object. Where the
 * grant lives (a ClusterRole, or a Role per watched namespace) is the chart's choice, checked by the chart tests.
 */
record Permission(String group, String resource, String verb, String resourceName) implements Comparable<Permission> {

    static Permission of(ApiCall call) {
        return new Permission(call.group(), call.resource(), call.verb(),
                !call.namespaced() && call.name() != null ? call.name() : null);
    }

    @Override
    public int compareTo(Permission o) {
        return toString().compareTo(o.toString());
    }
}
