package dev.kinfer.runtime.api.v1;

import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.ModelRegistry;
import dev.kinfer.runtime.worker.WorkerPool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** KServe V1 model status: {@code {"name": ..., "ready": ...}}; {@code :predict} is in {@code InferRoutes}. */
@Path("/v1/models/{model}")
@Produces(MediaType.APPLICATION_JSON)
public class V1ModelResource {
    private final ModelRegistry registry;
    private final WorkerPool pool;

    public V1ModelResource(ModelRegistry registry, WorkerPool pool) {
        this.registry = registry;
        this.pool = pool;
    }

    @GET
    public Response status(@PathParam("model") String name) {
        LoadedModel model = registry.get(name);
        boolean ready = pool.isReady();
        return Response.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("name", model.name(), "ready", ready)).build();
    }
}
