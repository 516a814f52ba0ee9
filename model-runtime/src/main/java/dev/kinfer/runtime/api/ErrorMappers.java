package dev.kinfer.runtime.api;

import dev.kinfer.runtime.model.ModelNotFoundException;
import dev.kinfer.runtime.model.ModelNotReadyException;
import dev.kinfer.runtime.worker.CapacityExceededException;
import dev.kinfer.runtime.worker.DeadlineExceededException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * One mapper per exception family for the REST resources, all answering {@code {"error": "..."}};
 * the inference routes use {@link HttpErrors}, which maps the same families to the same statuses.
 */
public final class ErrorMappers {
    /** Seconds a client should wait before retrying a 503; one inference is far shorter than this. */
    public static final String RETRY_AFTER_SECONDS = "1";

    private ErrorMappers() {
    }

    static Response error(Response.Status status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new ErrorBody(message)).build();
    }

    @Provider
    public static class InvalidRequest implements ExceptionMapper<InvalidRequestException> {
        @Override
        public Response toResponse(InvalidRequestException e) {
            return error(Response.Status.fromStatusCode(HttpErrors.status(e)), e.getMessage());
        }
    }

    @Provider
    public static class ModelNotFound implements ExceptionMapper<ModelNotFoundException> {
        @Override
        public Response toResponse(ModelNotFoundException e) {
            return error(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    @Provider
    public static class CapacityExceeded implements ExceptionMapper<CapacityExceededException> {
        @Override
        public Response toResponse(CapacityExceededException e) {
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
    }

    @Provider
    public static class ModelNotReady implements ExceptionMapper<ModelNotReadyException> {
        @Override
        public Response toResponse(ModelNotReadyException e) {
            return Response.fromResponse(error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage()))
                    .header("Retry-After", RETRY_AFTER_SECONDS).build();
        }
    }

    @Provider
    public static class DeadlineExceeded implements ExceptionMapper<DeadlineExceededException> {
        @Override
        public Response toResponse(DeadlineExceededException e) {
            return error(Response.Status.GATEWAY_TIMEOUT, e.getMessage());
        }
    }
}
