package dev.kinfer.e2e.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a custom resource against a CRD's structural OpenAPI v3 schema the way the API server does before CEL:
 * types (with int-or-string), required fields, minimum/maximum (also exclusive), patterns, and unknown fields,
 * which the API server would silently prune (so in an example they are always a mistake). CEL rules
 * ({@code x-kubernetes-validations}) are not evaluated here; the operator's SpecValidator covers them.
 */
final class CrdSchema {

    private final JSONSchemaProps root;

    private CrdSchema(JSONSchemaProps root) {
        this.root = root;
    }

    static CrdSchema of(Path crdFile, String version) throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.readString(crdFile), CustomResourceDefinition.class);
        return new CrdSchema(crd.getSpec().getVersions().stream().filter(v -> v.getName().equals(version)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no version " + version + " in " + crdFile))
                .getSchema().getOpenAPIV3Schema());
    }

    /** Every problem with the object's spec and status; apiVersion, kind and metadata are the API server's. */
    List<String> validate(JsonNode object) {
        List<String> problems = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (List.of("apiVersion", "kind", "metadata").contains(field.getKey())) {
                continue;
            }
            JSONSchemaProps schema = root.getProperties().get(field.getKey());
            if (schema == null) {
                problems.add(field.getKey() + " is not a field of the resource");
            } else {
                check(field.getKey(), field.getValue(), schema, problems);
            }
        }
        for (String required : root.getRequired() == null ? List.<String>of() : root.getRequired()) {
            if (!object.has(required)) {
                problems.add(required + " is required");
            }
        }
        return problems;
    }

    private static void check(String path, JsonNode value, JSONSchemaProps schema, List<String> problems) {
        if (Boolean.TRUE.equals(schema.getXKubernetesIntOrString())) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + " must be an integer or a string, got " + value);
            }
            return;
        }
        String type = schema.getType();
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> checkObject(path, value, schema, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + " must be an array, got " + value);
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(path + "[" + i + "]", value.get(i), schema.getItems().getSchema(), problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + " must be a string, got " + value);
                } else if (schema.getPattern() != null && !Pattern.compile(schema.getPattern()).matcher(value.asText()).find()) {
                    problems.add(path + " '" + value.asText() + "' does not match " + schema.getPattern());
                }
            }
            case "integer" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + " must be an integer, got " + value);
                } else {
                    checkRange(path, value.asDouble(), schema, problems);
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(path + " must be a number, got " + value);
                } else {
                    checkRange(path, value.asDouble(), schema, problems);
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + " must be true or false, got " + value);
                }
            }
            default -> problems.add(path + ": the schema has an unknown type " + type);
        }
    }

    private static void checkObject(String path, JsonNode value, JSONSchemaProps schema, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + " must be an object, got " + value);
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "." + field.getKey();
            JSONSchemaProps child = schema.getProperties() == null ? null : schema.getProperties().get(field.getKey());
            if (child == null && schema.getAdditionalProperties() != null && schema.getAdditionalProperties().getSchema() != null) {
                child = schema.getAdditionalProperties().getSchema();
            }
            if (child == null) {
                if (!Boolean.TRUE.equals(schema.getXKubernetesPreserveUnknownFields())) {
                    problems.add(at + " is not a field of " + path + " (the API server would drop it)");
                }
                continue;
            }
            check(at, field.getValue(), child, problems);
        }
        for (String required : schema.getRequired() == null ? List.<String>of() : schema.getRequired()) {
            if (!value.has(required)) {
                problems.add(path + "." + required + " is required");
            }
        }
    }

    private static void checkRange(String path, double number, JSONSchemaProps schema, List<String> problems) {
        if (schema.getMinimum() != null) {
            boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMinimum());
            if (exclusive ? number <= schema.getMinimum() : number < schema.getMinimum()) {
                problems.add(path + " " + number + " is below the minimum " + schema.getMinimum() + (exclusive ? " (exclusive)" : ""));
            }
        }
        if (schema.getMaximum() != null) {
            boolean exclusive = Boolean.TRUE.equals(schema.getExclusiveMaximum());
            if (exclusive ? number >= schema.getMaximum() : number > schema.getMaximum()) {
                problems.add(path + " " + number + " is above the maximum " + schema.getMaximum() + (exclusive ? " (exclusive)" : ""));
            }
        }
    }
}
