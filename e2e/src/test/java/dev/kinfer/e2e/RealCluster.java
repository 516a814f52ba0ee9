package dev.kinfer.e2e;

import static dev.kinfer.e2e.Services.eventually;

import dev.kinfer.e2e.cluster.ServiceProxy;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real cluster for the e2e tests, given by {@code -Dkinfer.e2e.kubeconfig=PATH} (docs/local-cluster.md, "Against a
 * real cluster"). It expects kinfer installed ({@code helm install kinfer helm/kinfer}, runtime image pushed) and the
 * demo model reachable at {@link #modelUri()}. Each test namespace is prefixed and created if missing (and deleted at
 * the end if this run created it). A Service is reached through a local proxy over port-forwards to its ready pods,
 * refreshed twice a second, so that a rollout is seen as through the Service, not pinned to the pod one port-forward
 * would pick. A replica is killed by deleting its Pod.
 */
final class RealCluster implements TestCluster {

    static final String KUBECONFIG = "kinfer.e2e.kubeconfig";
    static final String CONTEXT = "kinfer.e2e.context";
    static final String NAMESPACE_PREFIX = "kinfer.e2e.namespacePrefix";
    static final String MODEL_URI = "kinfer.e2e.modelUri";
    static final String OTHER_MODEL_URI = "kinfer.e2e.otherModelUri";
    static final String CRD = "inferenceservices.serving.kinfer.dev";

    /** What a run against a real cluster is told by system properties; {@link #from} checks it. */
    record Settings(Path kubeconfig, Optional<String> context, String namespacePrefix, String modelUri,
                    String otherModelUri) {

        /**
         * The settings the properties ask for, or empty when {@value #KUBECONFIG} is not set (the local cluster).
         *
         * @throws IllegalArgumentException naming the property when the kubeconfig is missing, unreadable, not a
         *         kubeconfig, or has no such context
         */
        static Optional<Settings> from(Map<String, String> properties) {
            String file = properties.get(KUBECONFIG);
            if (file == null) {
                return Optional.empty();
            }
            if (file.isBlank()) {
                throw new IllegalArgumentException("-D" + KUBECONFIG + " is empty: give the path of a kubeconfig, or"
                        + " leave the property out to run against the local cluster");
            }
            Path kubeconfig = Path.of(file).toAbsolutePath();
            if (!Files.isRegularFile(kubeconfig) || !Files.isReadable(kubeconfig)) {
                throw new IllegalArgumentException("-D" + KUBECONFIG + "=" + file + ": no readable file at "
                        + kubeconfig);
            }
            io.fabric8.kubernetes.api.model.Config parsed;
            try {
                parsed = Serialization.unmarshal(Files.readString(kubeconfig),
                        io.fabric8.kubernetes.api.model.Config.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("-D" + KUBECONFIG + "=" + file + " is not a kubeconfig: "
                        + e.getMessage(), e);
            }
            List<String> contexts = parsed == null || parsed.getContexts() == null ? List.of()
                    : parsed.getContexts().stream().map(NamedContext::getName).toList();
            if (contexts.isEmpty()) {
                throw new IllegalArgumentException("-D" + KUBECONFIG + "=" + file + " is not a kubeconfig with a"
                        + " context");
            }
            Optional<String> context = Optional.ofNullable(properties.get(CONTEXT)).filter(c -> !c.isBlank());
            String chosen = context.orElse(parsed.getCurrentContext());
            if (chosen == null || chosen.isBlank()) {
                throw new IllegalArgumentException("-D" + KUBECONFIG + "=" + file + " sets no current-context: choose"
                        + " one of " + contexts + " with -D" + CONTEXT + "=NAME");
            }
            if (!contexts.contains(chosen)) {
                throw new IllegalArgumentException((context.isPresent() ? "-D" + CONTEXT : "the current-context of -D"
                        + KUBECONFIG + "=" + file) + " names context '" + chosen + "', which the kubeconfig does not"
                        + " have; it has " + contexts);
            }
            return Optional.of(new Settings(kubeconfig, context,
                    properties.getOrDefault(NAMESPACE_PREFIX, "kinfer-e2e-"),
                    properties.getOrDefault(MODEL_URI, LocalTestCluster.MODEL_URI),
                    properties.getOrDefault(OTHER_MODEL_URI, "pvc://models/demo-copy.pt")));
        }

        /** The Fabric8 client configuration: the kubeconfig's chosen context, nothing from the environment. */
        Config clientConfig() {
            return Config.fromKubeconfig(context.orElse(null), kubeconfig.toFile());
        }
    }

    private final Settings settings;
    private final KubernetesClient client;
    private final List<String> createdNamespaces = new ArrayList<>();
    private final Map<String, ForwardedService> services = new HashMap<>();

    private RealCluster(Settings settings, KubernetesClient client) {
        this.settings = settings;
        this.client = client;
    }

    /** Connects, and checks that kinfer's CRD is installed (with a message saying how to install it otherwise). */
    static RealCluster connect(Settings settings) {
        KubernetesClient client = new KubernetesClientBuilder().withConfig(settings.clientConfig()).build();
        try {
            if (client.apiextensions().v1().customResourceDefinitions().withName(CRD).get() == null) {
                throw new IllegalStateException("the cluster of -D" + KUBECONFIG + "=" + settings.kubeconfig()
                        + " has no " + CRD + " CRD: install kinfer first (helm install kinfer helm/kinfer, with the"
                        + " runtime image pushed; docs/local-cluster.md)");
            }
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
        return new RealCluster(settings, client);
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    @Override
    public synchronized String namespace(String name) {
        String namespace = settings.namespacePrefix() + name;
        if (client.namespaces().withName(namespace).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                    .create();
            createdNamespaces.add(namespace);
        }
        return namespace;
    }

    @Override
    public synchronized URI serviceUrl(String namespace, String service) {
        ForwardedService forwarded = services.computeIfAbsent(namespace + "/" + service,
                key -> new ForwardedService(namespace, service));
        eventually().until(() -> !forwarded.proxy.endpoints().isEmpty());
        return URI.create("http://127.0.0.1:" + forwarded.proxy.port());
    }

    @Override
    public List<Replica> replicas(String namespace, String deployment) {
        var selector = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
        if (selector == null) {
            return List.of();
        }
        return client.pods().inNamespace(namespace).withLabels(selector.getSpec().getSelector().getMatchLabels())
                .list().getItems().stream().filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .map(p -> new Replica(namespace, p.getMetadata().getName(),
                        p.getMetadata().getLabels().getOrDefault("pod-template-hash", ""), ready(p), restarts(p),
                        Optional.empty()))
                .toList();
    }

    @Override
    public boolean gone(Replica replica) {
        return client.pods().inNamespace(replica.namespace()).withName(replica.name()).get() == null;
    }

    @Override
    public void kill(Replica replica) {
        client.pods().inNamespace(replica.namespace()).withName(replica.name()).delete();
    }

    @Override
    public Path kubeconfig() {
        return settings.kubeconfig();
    }

    @Override
    public String modelUri() {
        return settings.modelUri();
    }

    @Override
    public String otherModelUri() {
        return settings.otherModelUri();
    }

    @Override
    public boolean local() {
        return false;
    }

    @Override
    public synchronized void close() {
        services.values().forEach(ForwardedService::close);
        services.clear();
        for (String namespace : createdNamespaces) {
            client.namespaces().withName(namespace).delete();
        }
        client.close();
    }

    static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int restarts(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount() == null ? 0
                        : s.getRestartCount()).sum();
    }

    /** The container port a Service port targets on a pod: a number, or a named container port. */
    static Optional<Integer> targetPort(Service service, Pod pod) {
        var port = service.getSpec().getPorts().get(0);
        IntOrString target = port.getTargetPort() == null ? new IntOrString(port.getPort()) : port.getTargetPort();
        if (target.getIntVal() != null) {
            return Optional.of(target.getIntVal());
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getPorts() == null ? java.util.stream.Stream.<ContainerPort>empty() : c.getPorts().stream())
                .filter(p -> target.getStrVal().equals(p.getName())).map(ContainerPort::getContainerPort).findFirst();
    }

    /**
     * A local proxy in front of one port-forward per ready pod of a Service, refreshed every 500 ms. A pod that stops
     * being ready leaves the endpoints at once; its port-forward is closed only when the pod is gone, so requests it
     * already had are answered.
     */
    private final class ForwardedService implements AutoCloseable {

        private final String namespace;
        private final String name;
        private final ServiceProxy proxy;
        private final Map<String, LocalPortForward> forwards = new HashMap<>();
        private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "port-forwards");
            thread.setDaemon(true);
            return thread;
        });

        ForwardedService(String namespace, String name) {
            this.namespace = namespace;
            this.name = name;
            try {
                this.proxy = ServiceProxy.open(namespace + "/" + name);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            refresher.scheduleWithFixedDelay(this::refresh, 0, 500, TimeUnit.MILLISECONDS);
        }

        private synchronized void refresh() {
            try {
                Service service = client.services().inNamespace(namespace).withName(name).get();
                if (service == null || service.getSpec().getSelector() == null) {
                    proxy.endpoints(List.of());
                    return;
                }
                List<Pod> pods = client.pods().inNamespace(namespace).withLabels(service.getSpec().getSelector())
                        .list().getItems();
                List<Integer> endpoints = new ArrayList<>();
                for (Pod pod : pods) {
                    String podName = pod.getMetadata().getName();
                    if (ready(pod)) {
                        LocalPortForward forward = forwards.get(podName);
                        if (forward == null) {
                            Optional<Integer> port = targetPort(service, pod);
                            if (port.isEmpty()) {
                                continue;
                            }
                            forward = client.pods().inNamespace(namespace).withName(podName).portForward(port.get());
                            forwards.put(podName, forward);
                        }
                        endpoints.add(forward.getLocalPort());
                    }
                }
                proxy.endpoints(endpoints);
                List<String> present = pods.stream().map(p -> p.getMetadata().getName()).toList();
                forwards.entrySet().removeIf(entry -> {
                    if (!present.contains(entry.getKey())) {
                        closeQuietly(entry.getValue());
                        return true;
                    }
                    return false;
                });
            } catch (RuntimeException e) {
                // the next refresh tries again
            }
        }

        @Override
        public synchronized void close() {
            refresher.shutdownNow();
            proxy.close();
            forwards.values().forEach(RealCluster::closeQuietly);
            forwards.clear();
        }
    }

    private static void closeQuietly(LocalPortForward forward) {
        try {
            forward.close();
        } catch (IOException | RuntimeException e) {
            // already closed
        }
    }
}
