package dev.kinfer.runtime.api.v2;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kinfer.runtime.api.InferenceFailedException;
import dev.kinfer.runtime.api.InvalidRequestException;
import dev.kinfer.runtime.model.LoadedModel;
import dev.kinfer.runtime.model.ModelNotReadyException;
import dev.kinfer.runtime.model.ModelRegistry;
import dev.kinfer.runtime.model.Tensor;
import dev.kinfer.runtime.worker.WorkerPool;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/** V2 model endpoints: metadata, readiness and inference for the one model this server holds. */
@Path("/v2/models/{model}")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {
    private final ModelRegistry registry;
    private final WorkerPool pool;
    private final InferRequestParser parser;
    private final V2Json json;

    public ModelResource(ModelRegistry registry, WorkerPool pool, InferRequestParser parser, V2Json json) {
        this.registry = registry;
        this.pool = pool;
        this.parser = parser;
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

    /**
     * Runs on a worker thread of Quarkus (a blocking method) and waits for an inference worker;
     * the body is taken raw so that the parser can say exactly what is wrong with it.
     */
    @POST
    @Path("/infer")
    @Consumes(MediaType.WILDCARD)
    public ObjectNode infer(@PathParam("model") String name, byte[] body) {
        LoadedModel model = registry.get(name);
        InferRequest request = parser.parse(body);
        List<Tensor> inputs = SignatureCheck.apply(model, request.inputs());
        return json.inferResponse(model, request, await(pool, inputs));
    }

    private static List<Tensor> await(WorkerPool pool, List<Tensor> inputs) {
        try {
            return pool.submit(inputs).join();
        } catch (CompletionException e) {
            // Client errors and "not ready" keep their own status; anything else is the server's fault.
            if (e.getCause() instanceof InvalidRequestException cause) {
                throw cause;
            }
            if (e.getCause() instanceof ModelNotReadyException cause) {
                throw cause;
            }
            throw new InferenceFailedException(e.getCause());
        }
    }
}
