package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The local cluster's API server: Fabric8's mock API server in CRUD mode, over plain HTTP on a free loopback port.
 * It stores and watches any resource, built-in or custom, but runs no controllers, admission, validation or
 * server-side apply.
 */
public final class ApiServer implements AutoCloseable {

    // Held so that the level sticks: the mock logs every request at INFO through java.util.logging.
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_LOG.setLevel(Level.WARNING);
    }

    private final KubernetesMockServer server;

    private ApiServer(KubernetesMockServer server) {
        this.server = server;
    }

    public static ApiServer start() {
        return start(request -> { });
    }

    /**
     * As {@link #start()}, telling {@code observer} of every request before it is answered (on the server's
     * threads, so the observer must be quick and thread-safe). The benchmarks count API calls with it.
     */
    public static ApiServer start(Consumer<RecordedRequest> observer) {
        ClusterDispatcher cluster = new ClusterDispatcher(new KubernetesCrudDispatcher());
        Dispatcher observed = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                observer.accept(request);
                return cluster.dispatch(request);
            }

            @Override
            public void shutdown() {
                cluster.shutdown();
            }
        };
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                observed, false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new ApiServer(server);
    }

    /** {@code http://127.0.0.1:<port>}: what a kubeconfig's {@code server} names. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A new client of this server; the caller closes it. */
    public KubernetesClient newClient() {
        return new KubernetesClientBuilder().withConfig(config().build()).build();
    }

    /** A new client of this server that sends {@code userAgent}; the caller closes it. */
    public KubernetesClient newClient(String userAgent) {
        return new KubernetesClientBuilder().withConfig(config().withUserAgent(userAgent).build()).build();
    }

    private ConfigBuilder config() {
        return new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withRequestTimeout(10_000)
                .withConnectionTimeout(5_000);
    }

    @Override
    public void close() {
        server.destroy();
    }
}
