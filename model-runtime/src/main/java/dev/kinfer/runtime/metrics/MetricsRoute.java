package dev.kinfer.runtime.metrics;

import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code GET /metrics}: the Prometheus registry's text, with counter families named as their
 * samples are. The Prometheus simpleclient writes {@code # TYPE x counter} above {@code x_total}
 * samples; promtool's linter then finds no help text for {@code x_total}. Naming the family
 * {@code x_total} (what older clients wrote) is valid text format and passes {@code promtool check
 * metrics}.
 */
@ApplicationScoped
public class MetricsRoute {
    static final String TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private final PrometheusMeterRegistry registry;

    public MetricsRoute(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    void routes(@Observes Router router) {
        router.get("/metrics").order(-100).handler(ctx -> ctx.vertx().executeBlocking(() -> lintClean(registry.scrape()), false)
                .onSuccess(text -> ctx.response().putHeader("Content-Type", TYPE).end(text))
                .onFailure(ctx::fail));
    }

    static String lintClean(String text) {
        String[] lines = text.split("\n");
        Set<String> counters = new HashSet<>();
        for (String line : lines) {
            if (line.startsWith("# TYPE ") && line.endsWith(" counter")) {
                counters.add(line.split(" ")[2]);
            }
        }
        StringBuilder out = new StringBuilder(text.length() + counters.size() * 16);
        for (String line : lines) {
            if (line.startsWith("# TYPE ") || line.startsWith("# HELP ")) {
                String[] parts = line.split(" ", 4);
                if (counters.contains(parts[2]) && !parts[2].endsWith("_total")) {
                    parts[2] = parts[2] + "_total";
                    line = String.join(" ", parts);
                }
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
