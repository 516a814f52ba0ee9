package dev.kinfer.e2e.packaging;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The chart rendered by Helm (helm-java, the Helm Go library in-process) and parsed into Fabric8 objects. A value
 * set is one of the files in {@code helm/kinfer/ci/}, which .ci/run also renders with the real helm binary, or
 * {@code null} for the chart's defaults.
 */
final class Chart {

    static final String RELEASE = "kinfer";
    static final String NAMESPACE = "kinfer-system";
    /** helm-java's template assumes Kubernetes 1.20, below the chart's kubeVersion; render for the kubectl we test with. */
    static final String KUBE_VERSION = "1.35.2";

    private Chart() {
    }

    /** Every documented value set: the defaults (null) and each file in helm/kinfer/ci/. */
    static List<Path> valueSets() {
        List<Path> sets = new ArrayList<>();
        sets.add(null);
        try (Stream<Path> files = Files.list(Repo.CHART.resolve("ci"))) {
            files.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(sets::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sets;
    }

    static String name(Path valueSet) {
        return valueSet == null ? "defaults" : valueSet.getFileName().toString();
    }

    static String template(Path valueSet) {
        TemplateCommand template = new Helm(Repo.CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        if (valueSet != null) {
            template = template.withValuesFile(valueSet);
        }
        return template.call();
    }

    /** Renders with extra --set values on top of the defaults; Helm's error (schema, template) is thrown. */
    static String templateWith(String key, Object value) {
        return new Helm(Repo.CHART).template().withName(RELEASE).withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).set(key, value).call();
    }

    static List<HasMetadata> render(Path valueSet) {
        return parse(template(valueSet));
    }

    /** Each YAML document into its Fabric8 type (GenericKubernetesResource for kinds Fabric8 does not model). */
    static List<HasMetadata> parse(String manifests) {
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : manifests.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            objects.add(Serialization.unmarshal(document, HasMetadata.class));
        }
        return objects;
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static Deployment operatorDeployment(List<HasMetadata> objects) {
        List<Deployment> deployments = all(objects, Deployment.class);
        if (deployments.size() != 1) {
            throw new AssertionError("expected one operator Deployment, got " + deployments.size());
        }
        return deployments.get(0);
    }
}
