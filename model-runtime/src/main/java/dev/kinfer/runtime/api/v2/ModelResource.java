package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

/** V2 model endpoints: metadata and readiness; inference is a Vert.x route ({@code InferRoutes}). */
@Path("/v2/models/{model}")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private final ModelRegistry registry;
    private final WorkerPool pool;
    private final V2Json json;

    public ModelResource(ModelRegistry registry, WorkerPool pool, V2Json json) {
        this.registry = registry;
        this.pool = pool;
        this.json = json;
    }

    @GET
    public ObjectNode metadata(@PathParam("model") String name) {
        return json.modelMetadata(registry.get(name));
    }

    @GET
    @Path("/ready")
    public Response ready(@PathParam("model") String name) {
        LoadedModel model = registry.get(name);
        boolean ready = pool.isReady();
        return Response.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("name", model.name(), "ready", ready)).build();
    }
}
