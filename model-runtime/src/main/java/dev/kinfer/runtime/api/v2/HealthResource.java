package dev.kinfer.runtime.api.v2;

import dev.kinfer.runtime.worker.WorkerPool;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** V2 server health: live while the process serves HTTP, ready once every worker has warmed up. */
@Path("/v2/health")
@Produces(MediaType.APPLICATION_JSON)
public class HealthResource {
    private final WorkerPool pool;

    public HealthResource(WorkerPool pool) {
        this.pool = pool;
    }

    @GET
    @Path("/live")
    public Map<String, Boolean> live() {
        return Map.of("live", true);
    }

    @GET
    @Path("/ready")
    public Response ready() {
        boolean ready = pool.isReady();
        return Response.status(ready ? Response.Status.OK : Response.Status.SERVICE_UNAVAILABLE)
                .entity(Map.of("ready", ready)).build();
    }
}
