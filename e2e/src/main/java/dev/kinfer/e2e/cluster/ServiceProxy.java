package dev.kinfer.e2e.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays kube-proxy for one Service: an HTTP port on 127.0.0.1 that forwards each request to the next ready
 * endpoint, round robin. It works per request rather than per connection so that a client's keep-alive
 * connection does not stay pinned to a replica that is being replaced; a request whose endpoint refuses the
 * connection (it has just gone) is tried on the next one.
 */
public final class ServiceProxy implements AutoCloseable {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "expect", "host",
            "keep-alive", "transfer-encoding", "upgrade", "te", "trailer", "proxy-connection");

    private final String name;
    private final InFlight inFlight;
    private final HttpServer server;
    private final ExecutorService executor;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger next = new AtomicInteger();
    private volatile List<Integer> endpoints = List.of();

    ServiceProxy(String name, InFlight inFlight) throws IOException {
        this.name = name;
        this.inFlight = inFlight;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        this.executor = Executors.newFixedThreadPool(32, r -> {
            Thread thread = new Thread(r, "proxy-" + name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    /**
     * A proxy outside the node agent: the e2e tests' real-cluster mode puts it in front of port-forwards to a
     * Service's ready pods, so that a rollout is seen as through a Service, not pinned to one pod.
     */
    public static ServiceProxy open(String name) throws IOException {
        return new ServiceProxy(name, new InFlight());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The ports of the ready replicas behind this Service (on 127.0.0.1). */
    public void endpoints(List<Integer> ports) {
        this.endpoints = List.copyOf(ports);
    }

    public List<Integer> endpoints() {
        return endpoints;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            List<Integer> ports = endpoints;
            for (int attempt = 0; attempt < Math.max(1, ports.size()); attempt++) {
                if (ports.isEmpty()) {
                    break;
                }
                int port = ports.get(Math.floorMod(next.getAndIncrement(), ports.size()));
                inFlight.begin(port);
                try {
                    HttpResponse<InputStream> response = http.send(request(exchange, port, body),
                            HttpResponse.BodyHandlers.ofInputStream());
                    reply(exchange, response);
                    return;
                } catch (ConnectException refused) {
                    // the endpoint went away after it was chosen: try the next one
                } catch (HttpTimeoutException e) {
                    error(exchange, 504, "endpoint 127.0.0.1:" + port + " of service " + name + " timed out");
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    inFlight.end(port);
                }
                ports = endpoints;
            }
            error(exchange, 503, "service " + name + " has no ready endpoint");
        }
    }

    private static HttpRequest request(HttpExchange exchange, int port, byte[] body) {
        URI uri = URI.create("http://127.0.0.1:" + port + exchange.getRequestURI().toString());
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((header, values) -> {
            if (!HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(header, value));
            }
        });
        return builder.build();
    }

    private static void reply(HttpExchange exchange, HttpResponse<InputStream> response) throws IOException {
        response.headers().map().forEach((header, values) -> {
            if (!HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT)) && !header.startsWith(":")) {
                exchange.getResponseHeaders().put(header, values);
            }
        });
        byte[] body;
        try (InputStream in = response.body()) {
            body = in.readAllBytes();
        }
        exchange.sendResponseHeaders(response.statusCode(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ("{\"error\": \"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
