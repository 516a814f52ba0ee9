package dev.kinfer.e2e.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Server-side printing: turns a custom resource (or a list of them) into the {@code meta.k8s.io/v1 Table} kubectl
 * asks for, with a Name column and the CRD version's {@code additionalPrinterColumns}. Their JSONPaths are evaluated
 * by a small evaluator that knows what CRDs use: {@code .a.b}, {@code [n]} and {@code [?(@.field=="value")]}.
 */
final class Tables {

    private static final ObjectMapper JSON = new ObjectMapper();
    // .field | [index] | [?(@.field=="value")]
    private static final Pattern STEP = Pattern.compile(
            "\\.([A-Za-z0-9_-]+)|\\[(\\d+)]|\\[\\?\\(@\\.([A-Za-z0-9_.-]+)==\"([^\"]*)\"\\)]");

    private Tables() {
    }

    /** @param columns the CRD version's additionalPrinterColumns; {@code body} a list or a single object */
    static ObjectNode table(JsonNode columns, JsonNode body, Instant now) {
        ObjectNode table = JSON.createObjectNode().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        table.putObject("metadata").put("resourceVersion", body.path("metadata").path("resourceVersion").asText(""));
        ArrayNode definitions = table.putArray("columnDefinitions");
        definitions.addObject().put("name", "Name").put("type", "string").put("format", "name")
                .put("description", "Name must be unique within a namespace.").put("priority", 0);
        for (JsonNode column : columns) {
            definitions.addObject().put("name", column.path("name").asText())
                    .put("type", column.path("type").asText("string")).put("format", column.path("format").asText(""))
                    .put("description", column.path("description").asText("")).put("priority",
                            column.path("priority").asInt(0));
        }
        ArrayNode rows = table.putArray("rows");
        List<JsonNode> items = new ArrayList<>();
        if (body.has("items")) {
            body.path("items").forEach(items::add);
        } else {
            items.add(body);
        }
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells").add(item.path("metadata").path("name").asText());
            for (JsonNode column : columns) {
                cells.add(cell(column, evaluate(item, column.path("jsonPath").asText()), now));
            }
            ObjectNode partial = row.putObject("object").put("kind", "PartialObjectMetadata")
                    .put("apiVersion", "meta.k8s.io/v1");
            partial.set("metadata", item.path("metadata"));
        }
        return table;
    }

    private static JsonNode cell(JsonNode column, List<JsonNode> values, Instant now) {
        if (values.isEmpty()) {
            return JSON.nullNode();
        }
        if ("date".equals(column.path("type").asText())) {
            try {
                Instant created = Instant.parse(values.get(0).asText());
                return JSON.getNodeFactory().textNode(age(Duration.between(created, now)));
            } catch (DateTimeParseException e) {
                return values.get(0);
            }
        }
        if (values.size() == 1) {
            return values.get(0);
        }
        return JSON.getNodeFactory().textNode(String.join(",", values.stream().map(JsonNode::asText).toList()));
    }

    /** Values a CRD-style JSONPath selects in {@code root}; empty when it selects nothing. */
    static List<JsonNode> evaluate(JsonNode root, String path) {
        List<JsonNode> current = List.of(root);
        Matcher m = STEP.matcher(path.trim());
        int at = 0;
        while (at < path.trim().length() && m.find(at) && m.start() == at) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode node : current) {
                if (m.group(1) != null) {
                    if (node.has(m.group(1))) {
                        next.add(node.get(m.group(1)));
                    }
                } else if (m.group(2) != null) {
                    if (node.isArray() && node.size() > Integer.parseInt(m.group(2))) {
                        next.add(node.get(Integer.parseInt(m.group(2))));
                    }
                } else if (node.isArray()) {
                    for (JsonNode element : node) {
                        List<JsonNode> field = evaluate(element, "." + m.group(3));
                        if (!field.isEmpty() && field.get(0).asText().equals(m.group(4))) {
                            next.add(element);
                        }
                    }
                }
            }
            current = next;
            at = m.end();
        }
        return current.stream().filter(n -> !n.isNull() && !n.isMissingNode()).toList();
    }

    /** kubectl's short ages: 45s, 3m20s, 47m, 5h12m, 20h, 3d. */
    static String age(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s";
        }
        if (s < 600) {
            return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
        }
        if (s < 3 * 3600) {
            return s / 60 + "m";
        }
        if (s < 8 * 3600) {
            return s / 3600 + "h" + (s % 3600 / 60 == 0 ? "" : s % 3600 / 60 + "m");
        }
        if (s < 48 * 3600) {
            return s / 3600 + "h";
        }
        return s / 86400 + "d";
    }
}
