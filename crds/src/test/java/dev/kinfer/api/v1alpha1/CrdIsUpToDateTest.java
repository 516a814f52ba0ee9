package dev.kinfer.api.v1alpha1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CRD users apply ({@code kubectl apply --server-side -f crds/}) and the copy in the Helm chart must be exactly
 * what the build generates from the annotated types. Run with {@code -Dkinfer.crd.update=true} to rewrite them on
 * purpose after changing the API. The only difference allowed is the order of the printer columns, which the
 * generator sorts by JSONPath and {@link PrinterColumnOrder} puts back in declaration order.
 */
class CrdIsUpToDateTest {

    private static final boolean UPDATE = Boolean.getBoolean("kinfer.crd.update");

    @ParameterizedTest
    @ValueSource(strings = {"kinfer.crd.committed", "kinfer.crd.chartCopy"})
    void committedCrdIsTheGeneratedOne(String copyProperty) throws IOException {
        String generated = PrinterColumnOrder.apply(normalised(Files.readString(path("kinfer.crd.generated"))),
                PrinterColumnOrder.declared());
        Path copy = path(copyProperty);
        if (UPDATE) {
            Files.createDirectories(copy.getParent());
            Files.writeString(copy, generated);
        }
        assertTrue(Files.exists(copy), copy + " is missing; run the build with -Dkinfer.crd.update=true");
        assertEquals(generated, normalised(Files.readString(copy)),
                copy + " differs from the CRD generated from dev.kinfer.api.v1alpha1; "
                        + "run 'mvn -pl crds verify -Dkinfer.crd.update=true' and commit the result");
    }

    @Test
    void generatedCrdCarriesTheValidationUsersRelyOn() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(path("kinfer.crd.generated")),
                CustomResourceDefinition.class);
        CustomResourceDefinitionVersion v1alpha1 = crd.getSpec().getVersions().get(0);
        JSONSchemaProps spec = v1alpha1.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        JSONSchemaProps predictor = spec.getProperties().get("predictor");
        assertEquals(List.of("predictor"), spec.getRequired());
        assertEquals("!has(self.minReplicas) || !has(self.maxReplicas) || self.minReplicas <= self.maxReplicas",
                predictor.getXKubernetesValidations().get(0).getRule());
        JSONSchemaProps sla = spec.getProperties().get("sla");
        assertEquals(Boolean.TRUE, sla.getProperties().get("p99LatencyMillis").getExclusiveMinimum());
        assertEquals(Boolean.TRUE, sla.getProperties().get("throughputPerSecond").getExclusiveMinimum());
        assertTrue(v1alpha1.getSubresources().getStatus() != null, "status subresource");
        assertEquals(Set.of("Ready", "Workers", "Replicas", "Batch", "P99", "URL", "Age"),
                v1alpha1.getAdditionalPrinterColumns().stream().map(c -> c.getName()).collect(Collectors.toSet()));
    }

    @Test
    void kubectlShowsTheColumnsInTheOrderTheIssueAsksFor() throws IOException {
        CustomResourceDefinition committed = Serialization.unmarshal(Files.readString(path("kinfer.crd.committed")),
                CustomResourceDefinition.class);

        assertEquals(List.of("Ready", "Workers", "Replicas", "Batch", "P99", "URL", "Age"),
                committed.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream().map(c -> c.getName())
                        .toList());
    }

    @Test
    void everySpecFieldIsDescribedForKubectlExplain() throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(path("kinfer.crd.generated")),
                CustomResourceDefinition.class);
        JSONSchemaProps root = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
        assertDescribed("spec", root.getProperties().get("spec"), false);
        assertDescribed("status", root.getProperties().get("status"), false);
    }

    /** Fields of Kubernetes' own types: kubectl explain describes them from the core API. */
    private static final List<String> KUBERNETES_TYPES = List.of(".resources", ".conditions", ".affinity",
            ".tolerations");

    /** Walks our own fields; Kubernetes' embedded types (resources, conditions) carry no descriptions. */
    private static void assertDescribed(String path, JSONSchemaProps props, boolean needsDescription) {
        if (needsDescription) {
            assertTrue(props.getDescription() != null && !props.getDescription().isBlank(), path + " has no description");
        }
        if (KUBERNETES_TYPES.stream().anyMatch(path::endsWith)) {
            return;
        }
        if (props.getProperties() != null) {
            props.getProperties().forEach((name, child) -> assertDescribed(path + "." + name, child, true));
        }
        if (props.getItems() != null && props.getItems().getSchema() != null) {
            assertDescribed(path + "[]", props.getItems().getSchema(), false);
        }
    }

    private static Path path(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException("system property " + property + " is not set; run this test through Maven");
        }
        return Path.of(value);
    }

    private static String normalised(String yaml) {
        return yaml.replace("\r\n", "\n");
    }
}
