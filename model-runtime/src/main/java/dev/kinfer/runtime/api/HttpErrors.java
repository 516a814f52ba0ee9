package dev.kinfer.runtime.api;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.kinfer.runtime.model.ModelNotFoundException;
import dev.kinfer.runtime.model.ModelNotReadyException;
import dev.kinfer.runtime.worker.CapacityExceededException;
import dev.kinfer.runtime.worker.DeadlineExceededException;
import io.vertx.core.http.HttpServerResponse;
import java.util.concurrent.CompletionException;
import org.jboss.logging.Logger;

/**
 * The status each exception family means, for the Vert.x routes of the hot path; the REST
 * endpoints use {@link ErrorMappers}, which agree with this table. Body: {@code {"error": "..."}}.
 */
public final class HttpErrors {
    private static final Logger LOG = Logger.getLogger(HttpErrors.class);

    private HttpErrors() {
    }

    /** HTTP status for a failure; anything unknown is the server's fault (500). */
    public static int status(Throwable e) {
        if (e instanceof PayloadTooLargeException) {
            return 413;
        }
        if (e instanceof UnsupportedMediaTypeException) {
            return 415;
        }
        if (e instanceof InvalidRequestException) {
            return 400;
        }
        if (e instanceof ModelNotFoundException) {
            return 404;
        }
        if (e instanceof CapacityExceededException || e instanceof ModelNotReadyException) {
            return 503;
        }
        if (e instanceof DeadlineExceededException) {
            return 504;
        }
        return 500;
    }

    public static void send(HttpServerResponse response, Throwable error) {
        Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        int status = status(e);
        String message = e.getMessage();
        if (status == 500) {
            LOG.error("inference failed on the server", e);
            message = "inference failed on the server: " + e.getClass().getSimpleName() + "; see the server log";
        }
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader("Content-Type", "application/json");
        if (status == 503) {
            response.putHeader("Retry-After", ErrorMappers.RETRY_AFTER_SECONDS);
        }
        response.end("{\"error\":\"" + new String(JsonStringEncoder.getInstance().quoteAsString(String.valueOf(message))) + "\"}");
    }
}
