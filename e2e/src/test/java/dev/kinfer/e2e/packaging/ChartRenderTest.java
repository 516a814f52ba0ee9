package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The chart lints clean and renders, with its defaults and with every documented option, into valid objects. */
class ChartRenderTest {

    static Stream<Path> valueSets() {
        return Chart.valueSets().stream();
    }

    @Test
    void lintsCleanInStrictMode() {
        LintResult result = new Helm(Repo.CHART).lint().strict().call();
        assertFalse(result.isFailed(), String.join("\n", result.getMessages()));
        // Only the "icon is recommended" INFO may remain: there is no project icon yet.
        assertEquals(List.of(), result.getMessages().stream()
                .filter(m -> m.contains("[WARNING]") || m.contains("[ERROR]")).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyRenderedObjectParsesIntoItsFabric8Type(Path valueSet) {
        List<HasMetadata> objects = Chart.render(valueSet);
        assertFalse(objects.isEmpty());
        for (HasMetadata object : objects) {
            boolean modelled = !(object instanceof GenericKubernetesResource);
            assertTrue(modelled || object.getKind().equals("ServiceMonitor"),
                    object.getKind() + " " + object.getMetadata().getName() + " did not parse into a Fabric8 type");
            assertNotNull(object.getMetadata().getName(), object.getKind() + " has no name");
            assertEquals("kinfer-operator", object.getMetadata().getLabels().get("app.kubernetes.io/name"),
                    object.getKind() + " " + object.getMetadata().getName() + " lacks the chart's labels");
        }
    }

    @Test
    void rendersTheOperatorAndItsAccessWithDefaults() {
        List<HasMetadata> objects = Chart.render(null);
        assertEquals(Set.of("ServiceAccount", "ClusterRole", "ClusterRoleBinding", "Deployment", "Service"),
                objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()));
        assertEquals(2, Chart.all(objects, ClusterRole.class).size(), "the operator's role and the CRD reader");
        assertEquals(List.of(), Chart.all(objects, Role.class));
        Deployment deployment = Chart.operatorDeployment(objects);
        assertEquals(1, deployment.getSpec().getReplicas());
        assertEquals("kinfer", deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertEquals("kinfer", Chart.all(objects, ServiceAccount.class).get(0).getMetadata().getName());
    }

    @Test
    void probesTheOperatorsHealthEndpointsAndBoundsItsResources() {
        Container operator = Chart.operatorDeployment(Chart.render(null)).getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals("kinfer/operator:0.1.0", operator.getImage());
        assertEquals("/q/health/live", operator.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/q/health/ready", operator.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/q/health/started", operator.getStartupProbe().getHttpGet().getPath());
        assertNotNull(operator.getResources().getRequests().get("cpu"));
        assertNotNull(operator.getResources().getRequests().get("memory"));
        assertNotNull(operator.getResources().getLimits().get("memory"));
    }

    @Test
    void exposesMetricsThroughAServiceOnTheOperatorsHttpPort() {
        List<HasMetadata> objects = Chart.render(null);
        Service service = Chart.all(objects, Service.class).get(0);
        assertEquals("kinfer-metrics", service.getMetadata().getName());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(Chart.operatorDeployment(objects).getSpec().getSelector().getMatchLabels(),
                service.getSpec().getSelector());
    }

    @Test
    void rendersAServiceMonitorOnlyWhenAskedTo() {
        assertTrue(Chart.render(null).stream().noneMatch(o -> o.getKind().equals("ServiceMonitor")));
        GenericKubernetesResource monitor = (GenericKubernetesResource) Chart
                .render(Repo.CHART.resolve("ci/all-options-values.yaml")).stream()
                .filter(o -> o.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        assertEquals("monitoring.coreos.com/v1", monitor.getApiVersion());
        assertEquals("prometheus", monitor.getMetadata().getLabels().get("release"));
        Map<String, Object> endpoint = ((List<Map<String, Object>>) monitor.get("spec", "endpoints")).get(0);
        assertEquals("http-metrics", endpoint.get("port"));
        assertEquals("/q/metrics", endpoint.get("path"));
    }

    @Test
    void grantsPerNamespaceRolesInsteadOfAClusterRoleForAWatchList() {
        List<HasMetadata> objects = Chart.render(Repo.CHART.resolve("ci/all-options-values.yaml"));
        Set<String> roleNamespaces = Chart.all(objects, Role.class).stream()
                .filter(r -> r.getRules().stream().anyMatch(rule -> rule.getResources().contains("inferenceservices")))
                .map(r -> r.getMetadata().getNamespace()).collect(Collectors.toSet());
        assertEquals(Set.of("vision", "nlp"), roleNamespaces);
        assertEquals(Set.of("vision", "nlp"), Chart.all(objects, RoleBinding.class).stream()
                .filter(b -> !b.getMetadata().getName().endsWith("-leader-election"))
                .map(b -> b.getMetadata().getNamespace()).collect(Collectors.toSet()));
        // Only the CRD reader stays cluster-wide: CRDs have no namespace.
        assertEquals(List.of("kinfer-crd-reader"), Chart.all(objects, ClusterRole.class).stream()
                .map(r -> r.getMetadata().getName()).toList());
    }

    @Test
    void turnsOnLeaderElectionWithItsLeaseRoleOnlyForMoreThanOneReplica() {
        assertTrue(Chart.render(null).stream().noneMatch(o -> o.getMetadata().getName().endsWith("-leader-election")));
        List<HasMetadata> objects = Chart.render(Repo.CHART.resolve("ci/existing-serviceaccount-values.yaml"));
        Role lease = Chart.all(objects, Role.class).stream()
                .filter(r -> r.getMetadata().getName().endsWith("-leader-election")).findFirst().orElseThrow();
        assertEquals(Chart.NAMESPACE, lease.getMetadata().getNamespace());
        assertEquals(2, Chart.operatorDeployment(objects).getSpec().getReplicas());
    }

    @Test
    void usesAnExistingServiceAccountWithoutCreatingOne() {
        List<HasMetadata> objects = Chart.render(Repo.CHART.resolve("ci/existing-serviceaccount-values.yaml"));
        assertEquals(List.of(), Chart.all(objects, ServiceAccount.class));
        assertEquals("platform-kinfer",
                Chart.operatorDeployment(objects).getSpec().getTemplate().getSpec().getServiceAccountName());
        assertTrue(Chart.all(objects, ClusterRoleBinding.class).stream()
                .allMatch(b -> b.getSubjects().get(0).getName().equals("platform-kinfer")));
    }

    @Test
    void passesSchedulingAndPullOptionsThrough() {
        Deployment deployment = Chart.operatorDeployment(Chart.render(Repo.CHART.resolve("ci/all-options-values.yaml")));
        var pod = deployment.getSpec().getTemplate().getSpec();
        assertEquals("registry.example.com/kinfer/operator:0.1.0-rc1", pod.getContainers().get(0).getImage());
        assertEquals("Always", pod.getContainers().get(0).getImagePullPolicy());
        assertEquals("registry-credentials", pod.getImagePullSecrets().get(0).getName());
        assertEquals("linux", pod.getNodeSelector().get("kubernetes.io/os"));
        assertEquals("dedicated", pod.getTolerations().get(0).getKey());
        assertNotNull(pod.getAffinity().getPodAntiAffinity());
        assertEquals("system-cluster-critical", pod.getPriorityClassName());
        assertEquals("ml-platform", deployment.getSpec().getTemplate().getMetadata().getLabels().get("team"));
        assertEquals("true", deployment.getSpec().getTemplate().getMetadata().getAnnotations().get("example.com/scrape"));
    }
}
