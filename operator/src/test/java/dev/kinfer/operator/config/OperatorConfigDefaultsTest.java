package dev.kinfer.operator.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Some OperatorConfig settings reach Quarkus and QOSDK through expressions in application.properties
 * ({@code ${kinfer.operator.resync-period:PT10H}}). An expression's fallback must be the setting's documented default,
 * or the operator would run with a different value from the one OperatorConfig reports.
 */
class OperatorConfigDefaultsTest {

    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{kinfer\\.operator\\.([a-z-]+):([^}]*)}");

    @Test
    void expressionsInApplicationPropertiesFallBackToTheDocumentedDefaults() throws Exception {
        Map<String, String> fallbacks = fallbacks();
        assertFalse(fallbacks.isEmpty(), "application.properties has no kinfer.operator.* expression");
        for (Map.Entry<String, String> expression : fallbacks.entrySet()) {
            String method = camel(expression.getKey());
            WithDefault documented = OperatorConfig.class.getMethod(method).getAnnotation(WithDefault.class);
            assertEquals(documented.value(), expression.getValue(),
                    "the fallback of kinfer.operator." + expression.getKey() + " in application.properties");
        }
    }

    @Test
    void theResyncPeriodAndJsonLogsAreWiredToQuarkus() throws Exception {
        Properties properties = applicationProperties();
        assertEquals("${kinfer.operator.resync-period:PT10H}",
                properties.getProperty("quarkus.operator-sdk.controllers.inferenceservice.max-reconciliation-interval"));
        assertEquals("${kinfer.operator.json-logs:false}", properties.getProperty("quarkus.log.console.json.enabled"));
    }

    private static Map<String, String> fallbacks() throws IOException {
        Map<String, String> fallbacks = new TreeMap<>();
        for (Object value : applicationProperties().values()) {
            Matcher m = EXPRESSION.matcher(value.toString());
            while (m.find()) {
                fallbacks.put(m.group(1), m.group(2));
            }
        }
        return fallbacks;
    }

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = OperatorConfigDefaultsTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties;
    }

    private static String camel(String kebab) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : kebab.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
