package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The chart grants the operator's service account exactly what the operator uses, for every value set: no more, no
 * less, no wildcards. "What it uses" is what the operator's {@code OperatorApiCallsTest} recorded against the mock
 * API server (translated to server-side apply as in production) in {@value #RECORDED}, plus leader election's Lease
 * access when more than one replica runs: JOSDK's LeaderElectionManager uses a Fabric8 LeaseLock (get, create,
 * update of one Lease) and runs only in the prod profile, so no test can record it; its SelfSubjectRulesReview is
 * allowed to every authenticated user by Kubernetes' default system:basic-user role.
 */
class RbacLeastPrivilegeTest {

    static final String RECORDED = "operator/target/kinfer-rbac/operator-permissions.json";

    /** A grant as RBAC evaluates it, in a namespace ("*" for cluster-wide) and optionally for one object. */
    record Grant(String namespace, String group, String resource, String verb, String name) implements Comparable<Grant> {
        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }
    }

    static Stream<Path> valueSets() {
        return Chart.valueSets().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void grantsExactlyWhatTheOperatorUses(Path valueSet) throws IOException {
        List<HasMetadata> objects = Chart.render(valueSet);
        Set<Grant> granted = granted(objects);
        Set<Grant> needed = needed(objects);
        Set<Grant> missing = new TreeSet<>(needed);
        missing.removeAll(granted);
        Set<Grant> extra = new TreeSet<>(granted);
        extra.removeAll(needed);
        assertEquals(Set.of(), missing, Chart.name(valueSet) + ": the operator needs these and the chart does not grant them");
        assertEquals(Set.of(), extra, Chart.name(valueSet) + ": the chart grants these and the operator never uses them");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void grantsNoWildcards(Path valueSet) {
        for (PolicyRule rule : allRules(Chart.render(valueSet))) {
            for (List<String> field : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
                assertTrue(field.stream().noneMatch(s -> s.contains("*")), "wildcard in " + rule);
            }
            assertTrue(rule.getNonResourceURLs() == null || rule.getNonResourceURLs().isEmpty(), "non-resource URL in " + rule);
        }
    }

    @Test
    void theRecordingCoversTheOperatorsCorePaths() throws IOException {
        Set<String> recorded = new TreeSet<>();
        for (JsonNode p : recorded()) {
            recorded.add(p.get("resource").asText() + ":" + p.get("verb").asText());
        }
        for (String needed : List.of("inferenceservices:watch", "inferenceservices/status:patch", "deployments:create",
                "deployments:patch", "services:create", "customresourcedefinitions:get")) {
            assertTrue(recorded.contains(needed), "the recording lacks " + needed + ": " + recorded);
        }
    }

    /** Resources the operator uses that live outside namespaces. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("customresourcedefinitions", "nodes");

    /** Where each recorded permission must be granted for this value set, plus the Lease when replicas > 1. */
    private static Set<Grant> needed(List<HasMetadata> objects) throws IOException {
        var deployment = Chart.operatorDeployment(objects);
        Map<String, String> env = new TreeMap<>();
        deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()
                .forEach(e -> env.put(e.getName(), e.getValue()));
        List<String> scopes = env.containsKey("QUARKUS_OPERATOR_SDK_NAMESPACES")
                ? List.of(env.get("QUARKUS_OPERATOR_SDK_NAMESPACES").split(","))
                : List.of("*");
        Set<Grant> needed = new TreeSet<>();
        for (JsonNode p : recorded()) {
            String name = p.get("resourceName").isNull() ? null : p.get("resourceName").asText();
            if (name != null || CLUSTER_SCOPED.contains(p.get("resource").asText())) {
                // Outside any namespace (the CRD, nodes): only a ClusterRole can grant it, whatever is watched.
                needed.add(new Grant("*", p.get("group").asText(), p.get("resource").asText(), p.get("verb").asText(), name));
            } else {
                for (String scope : scopes) {
                    needed.add(new Grant(scope, p.get("group").asText(), p.get("resource").asText(), p.get("verb").asText(), null));
                }
            }
        }
        if (deployment.getSpec().getReplicas() > 1) {
            assertEquals("true", env.get("KINFER_OPERATOR_LEADER_ELECTION_ENABLED"), "leader election with replicas > 1");
            String lease = env.get("KINFER_OPERATOR_LEADER_ELECTION_LEASE_NAME");
            needed.add(new Grant(Chart.NAMESPACE, "coordination.k8s.io", "leases", "create", null));
            needed.add(new Grant(Chart.NAMESPACE, "coordination.k8s.io", "leases", "get", lease));
            needed.add(new Grant(Chart.NAMESPACE, "coordination.k8s.io", "leases", "update", lease));
        }
        return needed;
    }

    private static List<JsonNode> recorded() throws IOException {
        Path file = Repo.ROOT.resolve(RECORDED);
        assertTrue(Files.exists(file), file + " is missing: it is written by the operator module's OperatorApiCallsTest,"
                + " so build the operator with its tests first (mvn -B -ntp verify -pl operator,e2e -am)");
        List<JsonNode> permissions = new ArrayList<>();
        new ObjectMapper().readTree(file.toFile()).get("production").forEach(permissions::add);
        return permissions;
    }

    /** Every grant the chart gives its service account through its own (Cluster)RoleBindings. */
    private static Set<Grant> granted(List<HasMetadata> objects) {
        String sa = Chart.operatorDeployment(objects).getSpec().getTemplate().getSpec().getServiceAccountName();
        Set<Grant> grants = new TreeSet<>();
        for (ClusterRoleBinding binding : Chart.all(objects, ClusterRoleBinding.class)) {
            if (bindsTo(binding.getSubjects(), sa)) {
                add(grants, "*", rulesOf(objects, binding.getRoleRef(), null));
            }
        }
        for (RoleBinding binding : Chart.all(objects, RoleBinding.class)) {
            if (bindsTo(binding.getSubjects(), sa)) {
                String ns = binding.getMetadata().getNamespace();
                add(grants, ns, rulesOf(objects, binding.getRoleRef(), ns));
            }
        }
        return grants;
    }

    private static boolean bindsTo(List<Subject> subjects, String serviceAccount) {
        return subjects.stream().anyMatch(s -> s.getKind().equals("ServiceAccount") && s.getName().equals(serviceAccount)
                && Chart.NAMESPACE.equals(s.getNamespace()));
    }

    private static List<PolicyRule> rulesOf(List<HasMetadata> objects, RoleRef ref, String namespace) {
        if (ref.getKind().equals("ClusterRole")) {
            return Chart.all(objects, ClusterRole.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName()))
                    .findFirst().orElseThrow(() -> new AssertionError("ClusterRole " + ref.getName() + " is not in the chart"))
                    .getRules();
        }
        return Chart.all(objects, Role.class).stream().filter(r -> r.getMetadata().getName().equals(ref.getName())
                        && r.getMetadata().getNamespace().equals(namespace))
                .findFirst().orElseThrow(() -> new AssertionError("Role " + namespace + "/" + ref.getName() + " is not in the chart"))
                .getRules();
    }

    private static void add(Set<Grant> grants, String namespace, List<PolicyRule> rules) {
        for (PolicyRule rule : rules) {
            List<String> names = rule.getResourceNames() == null || rule.getResourceNames().isEmpty()
                    ? java.util.Collections.singletonList(null) : rule.getResourceNames();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        for (String name : names) {
                            grants.add(new Grant(namespace, group, resource, verb, name));
                        }
                    }
                }
            }
        }
    }

    private static List<PolicyRule> allRules(List<HasMetadata> objects) {
        List<PolicyRule> rules = new ArrayList<>();
        Chart.all(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
        Chart.all(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
        return rules;
    }
}
