package dev.kinfer.runtime.api.v2;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** V2 server metadata, with the protocol extensions this server implements. */
@Path("/v2")
@Produces(MediaType.APPLICATION_JSON)
public class ServerResource {
    private final String version;

    public ServerResource(@ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this.version = version;
    }

    @GET
    public Map<String, Object> metadata() {
        return Map.of("name", "kinfer", "version", version, "extensions", List.of("binary_tensor_data", "kserve_v1"));
    }
}
