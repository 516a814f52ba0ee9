package dev.kinfer.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the CRD's printer columns in the order they are declared on {@link InferenceService}. The CRD generator sorts
 * them by JSONPath (Age first, URL last), and kubectl prints columns in the CRD's order. This rewrites only the
 * column list of the generated YAML, keeping its formatting; the committed CRD is the generated one after it.
 */
final class PrinterColumnOrder {

    private static final String LIST_KEY = "  - additionalPrinterColumns:";
    private static final String ITEM = "    - ";
    private static final String ITEM_CONTINUATION = "      ";
    private static final Pattern NAME = Pattern.compile("^\\s+(?:- )?name: (.+)$");

    private PrinterColumnOrder() {
    }

    /** The names in declaration order. */
    static List<String> declared() {
        return Arrays.stream(InferenceService.class.getAnnotationsByType(AdditionalPrinterColumn.class))
                .map(AdditionalPrinterColumn::name).toList();
    }

    static String apply(String yaml, List<String> order) {
        List<String> lines = new ArrayList<>(Arrays.asList(yaml.split("\n", -1)));
        int start = lines.indexOf(LIST_KEY);
        if (start < 0) {
            throw new IllegalArgumentException("no '" + LIST_KEY.trim() + "' list in the CRD");
        }
        Map<String, List<String>> items = new LinkedHashMap<>();
        List<String> current = null;
        int end = start + 1;
        for (; end < lines.size(); end++) {
            String line = lines.get(end);
            if (line.startsWith(ITEM)) {
                current = new ArrayList<>();
                current.add(line);
                items.put("?" + items.size(), current);
            } else if (line.startsWith(ITEM_CONTINUATION) && current != null) {
                current.add(line);
            } else {
                break;
            }
        }
        Map<String, List<String>> byName = new LinkedHashMap<>();
        for (List<String> item : items.values()) {
            byName.put(name(item), item);
        }
        if (!byName.keySet().containsAll(order) || byName.size() != order.size()) {
            throw new IllegalArgumentException("the CRD's printer columns " + byName.keySet()
                    + " are not the declared ones " + order);
        }
        List<String> reordered = new ArrayList<>(lines.subList(0, start + 1));
        order.forEach(name -> reordered.addAll(byName.get(name)));
        reordered.addAll(lines.subList(end, lines.size()));
        return String.join("\n", reordered);
    }

    private static String name(List<String> item) {
        for (String line : item) {
            Matcher m = NAME.matcher(line);
            if (m.matches()) {
                return m.group(1).trim();
            }
        }
        throw new IllegalArgumentException("a printer column without a name: " + item);
    }
}
