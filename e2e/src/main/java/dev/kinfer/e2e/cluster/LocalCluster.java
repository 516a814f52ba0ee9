package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * kinfer's local cluster: the Fabric8 mock API server in CRUD mode with the InferenceService CRD, the real operator
 * jar against it, and a {@link NodeAgent} that runs the runtime processes, profiling Jobs and Service ports. Closing
 * it (or the JVM exiting) stops every process it started.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start(root, System.out::println)) {
 *     cluster.client().load(...).create();
 *     cluster.serviceUrl("default", "demo");
 * }
 * }</pre>
 */
public final class LocalCluster implements AutoCloseable {

    static final String CRD = "crds/inferenceservices.serving.kinfer.dev-v1.yml";

    /**
     * Operator settings of the local cluster that differ from the defaults: profiling measures for 10 s instead of
     * 60 s, so that an InferenceService with an SLA is planned within seconds on a laptop.
     */
    public static final Map<String, String> OPERATOR_DEFAULTS =
            Map.of("KINFER_OPERATOR_PROFILING_BUDGET_SECONDS", "10");

    private final ApiServer apiServer;
    private final KubernetesClient client;
    private final Path kubeconfig;
    private final NodeAgent agent;
    private final OperatorProcess operator;
    private final Thread shutdownHook;

    private LocalCluster(ApiServer apiServer, KubernetesClient client, Path kubeconfig, NodeAgent agent,
                         OperatorProcess operator) {
        this.apiServer = apiServer;
        this.client = client;
        this.kubeconfig = kubeconfig;
        this.agent = agent;
        this.operator = operator;
        this.shutdownHook = new Thread(this::stop, "stop-local-cluster");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the cluster for the project at {@code root} (its jars must be built), with claim {@code models} backed
     * by {@code examples/models}. Working files (kubeconfig, logs) go to {@code target/local-cluster/}.
     *
     * @param progress told what is happening, one line per step
     */
    public static LocalCluster start(Path root, Consumer<String> progress) throws IOException, InterruptedException {
        return start(root, progress, Map.of());
    }

    /**
     * As {@link #start(Path, Consumer)}, with operator settings as environment variables on top of
     * {@link #OPERATOR_DEFAULTS} (e.g. {@code KINFER_OPERATOR_PROFILING_BUDGET_SECONDS}).
     */
    public static LocalCluster start(Path root, Consumer<String> progress, Map<String, String> operatorEnv)
            throws IOException, InterruptedException {
        return start(root, root.resolve("target/local-cluster"), progress, operatorEnv);
    }

    /** As {@link #start(Path, Consumer, Map)}, with the working files in {@code work} (a second cluster needs its own). */
    public static LocalCluster start(Path root, Path work, Consumer<String> progress, Map<String, String> operatorEnv)
            throws IOException, InterruptedException {
        Files.createDirectories(work);
        progress.accept("starting the API server (Fabric8 mock, CRUD mode)");
        ApiServer apiServer = ApiServer.start();
        KubernetesClient client = apiServer.newClient();
        NodeAgent agent = null;
        try {
            applyCrd(client, root.resolve(CRD));
            Path kubeconfig = Kubeconfig.write(work.resolve("kubeconfig"), apiServer.url());
            progress.accept("API server at " + apiServer.url() + "; kubeconfig " + kubeconfig);
            AgentLog log = new AgentLog(work.resolve("node-agent.log"));
            log.listen(progress);
            LocalVolumes volumes = new LocalVolumes(Map.of("models", root.resolve("examples/models")),
                    work.resolve("claims"), work.resolve("pods"));
            agent = new NodeAgent(client, volumes, root, work.resolve("pods"), log);
            agent.start();
            progress.accept("starting the operator (" + work.resolve("operator.log") + ")");
            Map<String, String> settings = new java.util.HashMap<>(OPERATOR_DEFAULTS);
            settings.putAll(operatorEnv);
            OperatorProcess operator = OperatorProcess.start(root, kubeconfig, work, settings);
            try {
                operator.awaitReady(Duration.ofSeconds(90));
            } catch (RuntimeException | InterruptedException e) {
                operator.close();
                throw e;
            }
            progress.accept("operator ready");
            return new LocalCluster(apiServer, client, kubeconfig, agent, operator);
        } catch (RuntimeException | IOException | InterruptedException e) {
            if (agent != null) {
                agent.close();
            }
            client.close();
            apiServer.close();
            throw e;
        }
    }

    static void applyCrd(KubernetesClient client, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().load(in).item();
            client.resource(crd).create();
        }
    }

    /** A client of the cluster's API server (do not close it; the cluster does). */
    public KubernetesClient client() {
        return client;
    }

    /** The kubeconfig for kubectl, helm and the operator. */
    public Path kubeconfig() {
        return kubeconfig;
    }

    public String apiServerUrl() {
        return apiServer.url();
    }

    public NodeAgent agent() {
        return agent;
    }

    public Path operatorLog() {
        return operator.log();
    }

    /** The operator's process id. */
    public long operatorPid() {
        return operator.pid();
    }

    private void stop() {
        operator.close();
        agent.close();
        client.close();
        apiServer.close();
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook runs anyway
        }
    }
}
