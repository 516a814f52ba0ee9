package dev.kinfer.e2e.packaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kinfer.operator.config.LeaderElectionConfig;
import dev.kinfer.operator.config.OperatorConfig;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.smallrye.config.ConfigMapping;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every environment variable the chart gives the operator is a setting the operator reads: a method of one of its
 * {@code @ConfigMapping} interfaces (KINFER_OPERATOR_...), or a run-time property of the Quarkus Operator SDK
 * (QUARKUS_OPERATOR_SDK_..., from the extension's own config model). A typo would otherwise be silently ignored.
 */
class OperatorEnvTest {

    private static final List<Class<?>> MAPPINGS = List.of(OperatorConfig.class, LeaderElectionConfig.class);

    static Stream<Path> valueSets() {
        return Chart.valueSets().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valueSets")
    void everyEnvironmentVariableIsASettingTheOperatorReads(Path valueSet) throws IOException {
        Set<String> known = new TreeSet<>(kinferSettings());
        known.addAll(qosdkRunTimeSettings());
        for (EnvVar env : env(valueSet)) {
            assertTrue(known.contains(env.getName()), Chart.name(valueSet) + ": " + env.getName()
                    + " is not a setting of the operator; known: " + known);
        }
    }

    @Test
    void theDefaultValuesSetEveryKinferOperatorSetting() {
        Set<String> set = env(null).stream().map(EnvVar::getName).collect(Collectors.toSet());
        for (Method method : OperatorConfig.class.getMethods()) {
            String name = envName(OperatorConfig.class, method);
            assertTrue(set.contains(name), "the chart does not set " + name);
        }
    }

    @Test
    void valuesReachTheirSettings() {
        Map<String, String> env = env(Repo.CHART.resolve("ci/all-options-values.yaml")).stream()
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("registry.example.com/kinfer/model-runtime:0.1.0-cuda", env.get("KINFER_OPERATOR_RUNTIME_IMAGE"));
        assertEquals("Always", env.get("KINFER_OPERATOR_IMAGE_PULL_POLICY"));
        assertEquals("cluster.example", env.get("KINFER_OPERATOR_CLUSTER_DOMAIN"));
        assertEquals("512", env.get("KINFER_OPERATOR_DEFAULT_QUEUE_CAPACITY"));
        assertEquals("1200", env.get("KINFER_OPERATOR_MODEL_LOAD_TIMEOUT_SECONDS"));
        assertEquals("4Gi", env.get("KINFER_OPERATOR_DJL_CACHE_SIZE_LIMIT"));
        assertEquals("50Gi", env.get("KINFER_OPERATOR_MODEL_DOWNLOAD_SIZE_LIMIT"));
        assertEquals("vision,nlp", env.get("QUARKUS_OPERATOR_SDK_NAMESPACES"));
        assertEquals("30m", env.get("KINFER_OPERATOR_RESYNC_PERIOD"));
        assertEquals("false", env.get("KINFER_OPERATOR_JSON_LOGS"));
        assertEquals("true", env.get("KINFER_OPERATOR_LEADER_ELECTION_ENABLED"));
        assertEquals("kinfer-leader", env.get("KINFER_OPERATOR_LEADER_ELECTION_LEASE_NAME"));
    }

    @Test
    void theDefaultRuntimeImageIsTheChartsAppVersion() {
        Map<String, String> env = env(null).stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertEquals("kinfer/model-runtime:0.1.0", env.get("KINFER_OPERATOR_RUNTIME_IMAGE"));
        assertEquals("true", env.get("KINFER_OPERATOR_JSON_LOGS"), "production logs are JSON unless turned off");
        assertTrue(!env.containsKey("QUARKUS_OPERATOR_SDK_NAMESPACES"), "no namespace list: all namespaces");
        assertTrue(!env.containsKey("KINFER_OPERATOR_LEADER_ELECTION_ENABLED"), "one replica: no leader election");
    }

    private static List<EnvVar> env(Path valueSet) {
        Deployment deployment = Chart.operatorDeployment(Chart.render(valueSet));
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
    }

    static Set<String> kinferSettings() {
        Set<String> names = new TreeSet<>();
        for (Class<?> mapping : MAPPINGS) {
            for (Method method : mapping.getMethods()) {
                names.add(envName(mapping, method));
            }
        }
        return names;
    }

    /** Quarkus' mapping of a property to an environment variable: upper case, non-alphanumerics to '_'. */
    static String envName(Class<?> mapping, Method method) {
        String prefix = mapping.getAnnotation(ConfigMapping.class).prefix();
        String kebab = method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        return (prefix + "." + kebab).replaceAll("[^A-Za-z0-9]", "_").toUpperCase();
    }

    /** The run-time (not build-time fixed) settings QOSDK documents in its jar, as environment variables. */
    static Set<String> qosdkRunTimeSettings() throws IOException {
        Set<String> names = new TreeSet<>();
        Enumeration<URL> models = OperatorEnvTest.class.getClassLoader()
                .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json");
        for (URL model : Collections.list(models)) {
            try (InputStream in = model.openStream()) {
                collect(new ObjectMapper().readTree(in), names);
            }
        }
        names.removeIf(n -> !n.startsWith("QUARKUS_OPERATOR_SDK_"));
        if (names.isEmpty()) {
            throw new IllegalStateException("QOSDK's config model is not on the class path");
        }
        return names;
    }

    private static void collect(JsonNode node, Set<String> names) {
        if (node.isObject() && node.has("sourceType") && node.has("path") && "RUN_TIME".equals(node.path("phase").asText())) {
            String env = node.has("environmentVariable") ? node.get("environmentVariable").asText()
                    : node.path("path").path("environmentVariable").asText(null);
            if (env != null && !env.contains("__")) {
                names.add(env);
            }
        }
        node.forEach(child -> collect(child, names));
    }
}
