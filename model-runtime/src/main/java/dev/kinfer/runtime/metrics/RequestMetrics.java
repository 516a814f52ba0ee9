package dev.kinfer.runtime.metrics;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Counts and times every HTTP request by endpoint and status, REST and Vert.x routes alike. The
 * endpoint is a fixed name derived from the path, never the raw path, so a client cannot blow up
 * the number of series by inventing URLs.
 */
@ApplicationScoped
public class RequestMetrics {
    private final RuntimeMetrics metrics;

    public RequestMetrics(RuntimeMetrics metrics) {
        this.metrics = metrics;
    }

    void routes(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::time);
    }

    private void time(RoutingContext ctx) {
        long start = System.nanoTime();
        String endpoint = endpoint(ctx.request().path());
        ctx.addEndHandler(done -> metrics.request(endpoint, ctx.response().getStatusCode(), System.nanoTime() - start));
        ctx.next();
    }

    static String endpoint(String path) {
        if (path == null) {
            return "other";
        }
        if (path.startsWith("/v2/models/")) {
            return path.endsWith("/infer") ? "v2_infer" : path.endsWith("/ready") ? "v2_model_ready" : "v2_model";
        }
        if (path.startsWith("/v1/models/")) {
            return path.endsWith("predict") ? "v1_predict" : "v1_model";
        }
        if (path.startsWith("/v2/health/")) {
            return path.endsWith("/live") ? "live" : "ready";
        }
        if (path.equals("/v2") || path.equals("/v2/")) {
            return "v2_server";
        }
        if (path.equals("/metrics")) {
            return "metrics";
        }
        return "other";
    }
}
