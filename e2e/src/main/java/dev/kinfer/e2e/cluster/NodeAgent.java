package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Plays the kubelet and the Deployment, Job, Service and garbage-collection controllers of the local cluster. It is
 * level-triggered: every 250 ms it lists what the API server holds and moves the local processes one step towards
 * it ({@link PodSet} per Deployment, {@link JobController}, a {@link ServiceProxy} per Service), then writes the
 * Deployments' status and their replicas as Pods ({@link PodMirror}) when they changed. Closing it stops every process it started.
 */
public final class NodeAgent implements AutoCloseable {

    private static final long PERIOD_MILLIS = 250;

    private final KubernetesClient client;
    private final LocalVolumes volumes;
    private final Path root;
    private final AgentLog log;
    private final InFlight inFlight = new InFlight();
    private final Map<String, PodSet> podSets = new HashMap<>();
    private final Map<String, ServiceProxy> proxies = new HashMap<>();
    private final Set<String> ignored = new HashSet<>();
    private final JobController jobs;
    private final GarbageCollector collector;
    private final PodObjects podObjects;
    private final ScheduledExecutorService loop =
            Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "node-agent"));
    private final ExecutorService terminator = Executors.newCachedThreadPool(r -> daemon(r, "node-agent-stop"));
    private final Set<LocalPod> stopping = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private String lastError;

    NodeAgent(KubernetesClient client, LocalVolumes volumes, Path root, Path podRoot, AgentLog log) {
        this.client = client;
        this.volumes = volumes;
        this.root = root;
        this.log = log;
        this.jobs = new JobController(client, volumes, root, podRoot, log);
        this.collector = new GarbageCollector(client, log::say);
        this.podObjects = new PodObjects(client, log, pod -> podSets.values().forEach(set -> set.delete(pod)));
    }

    void start() {
        loop.scheduleWithFixedDelay(this::tick, 0, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void tick() {
        try {
            Instant now = Instant.now();
            collector.collect();
            List<Deployment> deployments = client.apps().deployments().inAnyNamespace().list().getItems();
            syncDeployments(deployments, now);
            podObjects.sync(deployments, podSets, stopping);
            jobs.sync(client.batch().v1().jobs().inAnyNamespace().list().getItems(), now);
            syncServices(client.services().inAnyNamespace().list().getItems());
            lastError = null;
        } catch (RuntimeException | IOException e) {
            if (loop.isShutdown()) {
                return; // closing: the interrupted list calls are expected
            }
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            if (!trace.toString().equals(lastError)) {
                log.say("node agent: " + trace);
                lastError = trace.toString();
            }
        }
    }

    private void syncDeployments(List<Deployment> deployments, Instant now) throws IOException {
        Set<String> present = new HashSet<>();
        for (Deployment deployment : deployments) {
            String key = key(deployment.getMetadata().getNamespace(), deployment.getMetadata().getName());
            if (!RuntimeDeployments.isRuntime(deployment)) {
                if (ignored.add(key)) {
                    log.say("deployment " + key + " is no InferenceService's: not run (only model runtimes are)");
                }
                continue;
            }
            present.add(key);
            PodSet pods = podSets.computeIfAbsent(key, k -> new PodSet(deployment.getMetadata().getNamespace(),
                    deployment.getMetadata().getName(), volumes, root, log, this::terminate));
            pods.sync(deployment, now);
            writeStatus(deployment, pods.status(deployment));
        }
        podSets.entrySet().removeIf(entry -> {
            if (!present.contains(entry.getKey())) {
                log.say("deployment " + entry.getKey() + " deleted; stopping its pods");
                entry.getValue().terminateAll();
                return true;
            }
            return false;
        });
    }

    private void writeStatus(Deployment deployment, DeploymentStatus status) {
        DeploymentStatus old = deployment.getStatus();
        if (old != null && Objects.equals(old.getObservedGeneration(), status.getObservedGeneration())
                && Objects.equals(old.getReplicas(), status.getReplicas())
                && Objects.equals(old.getReadyReplicas(), status.getReadyReplicas())
                && Objects.equals(old.getUpdatedReplicas(), status.getUpdatedReplicas())
                && Objects.equals(old.getAvailableReplicas(), status.getAvailableReplicas())) {
            return;
        }
        try {
            client.apps().deployments().inNamespace(deployment.getMetadata().getNamespace())
                    .withName(deployment.getMetadata().getName()).editStatus(d -> {
                        d.setStatus(status);
                        return d;
                    });
        } catch (KubernetesClientException conflict) {
            // written again at the next tick, from a fresh read
        }
    }

    private void syncServices(List<Service> services) throws IOException {
        Set<String> present = new HashSet<>();
        for (Service service : services) {
            String key = key(service.getMetadata().getNamespace(), service.getMetadata().getName());
            present.add(key);
            ServiceProxy proxy = proxies.get(key);
            if (proxy == null) {
                proxy = new ServiceProxy(key, inFlight);
                proxies.put(key, proxy);
                log.say("service " + key + " is served at http://127.0.0.1:" + proxy.port());
            }
            proxy.endpoints(endpoints(service.getMetadata().getNamespace(), service.getSpec().getSelector()));
        }
        proxies.entrySet().removeIf(entry -> {
            if (!present.contains(entry.getKey())) {
                entry.getValue().close();
                log.say("service " + entry.getKey() + " deleted; closed its port");
                return true;
            }
            return false;
        });
    }

    private List<Integer> endpoints(String namespace, Map<String, String> selector) {
        List<Integer> ports = new ArrayList<>();
        if (selector == null || selector.isEmpty()) {
            return ports;
        }
        podSets.forEach((key, set) -> {
            if (key.startsWith(namespace + "/")) {
                set.pods().stream().filter(LocalPod::ready)
                        .filter(p -> p.labels().entrySet().containsAll(selector.entrySet()))
                        .forEach(p -> ports.add(p.port()));
            }
        });
        return ports;
    }

    /** Stops a pod once the proxies no longer send it requests and those it has are answered (at most 30 s). */
    private void terminate(LocalPod pod) {
        int port = pod.port();
        stopping.add(pod);
        terminator.execute(() -> {
            try {
                // the next tick takes the pod out of the Service endpoints; then wait for its requests to finish
                Thread.sleep(2 * PERIOD_MILLIS);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (inFlight.count(port) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                pod.stop();
                stopping.remove(pod);
            }
        });
    }

    /** The local URL of a Service, once the agent has opened its port. */
    public synchronized Optional<String> serviceUrl(String namespace, String name) {
        return Optional.ofNullable(proxies.get(key(namespace, name))).map(p -> "http://127.0.0.1:" + p.port());
    }

    /** The replicas of a Deployment, as the agent runs them. */
    public synchronized List<PodInfo> pods(String namespace, String deployment) {
        PodSet set = podSets.get(key(namespace, deployment));
        return set == null ? List.of() : set.pods().stream().map(LocalPod::info).toList();
    }

    /** Runtime processes alive now, whether serving, starting or being stopped. */
    public synchronized long runningProcesses() {
        long serving = podSets.values().stream().flatMap(s -> s.pods().stream()).filter(LocalPod::alive).count();
        return serving + stopping.stream().filter(LocalPod::alive).count();
    }

    public AgentLog log() {
        return log;
    }

    @Override
    public void close() {
        loop.shutdownNow();
        try {
            loop.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            podSets.values().forEach(set -> set.pods().forEach(LocalPod::stop));
            podSets.clear();
            podObjects.deleteAll();
            proxies.values().forEach(ServiceProxy::close);
            proxies.clear();
            jobs.close();
        }
        terminator.shutdown();
        try {
            terminator.awaitTermination(40, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopping.forEach(LocalPod::stop);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread thread = new Thread(r, name);
        thread.setDaemon(true);
        return thread;
    }
}
