package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
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
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new ClusterDispatcher(new KubernetesCrudDispatcher()), false);
        server.init(InetAddress.getLoopbackAddress(), 0);
        return new ApiServer(server);
    }

    /** {@code http://127.0.0.1:<port>}: what a kubeconfig's {@code server} names. */
    public String url() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** A new client of this server; the caller closes it. */
    public KubernetesClient newClient() {
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(url())
                .withNamespace("default")
                .withRequestTimeout(10_000)
                .withConnectionTimeout(5_000)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
