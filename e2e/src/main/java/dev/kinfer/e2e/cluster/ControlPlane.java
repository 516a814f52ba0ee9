package dev.kinfer.e2e.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The API server with the InferenceService CRD and the real operator jar, without the node agent: nothing runs pods,
 * so Deployments stay as the operator wrote them unless the caller plays their controller. For measuring the
 * operator itself (the scale benchmark), where a thousand runtime processes would measure the machine instead.
 */
public final class ControlPlane implements AutoCloseable {

    /** The User-Agent of {@link #client()}, so that an observer can tell its requests from the operator's. */
    public static final String CLIENT_AGENT = "kinfer-control-plane-client";

    private final ApiServer apiServer;
    private final KubernetesClient client;
    private final OperatorProcess operator;
    private final Path root;
    private final Path kubeconfig;
    private final Path workDir;
    private final List<OperatorProcess> more = new ArrayList<>();

    private ControlPlane(ApiServer apiServer, KubernetesClient client, OperatorProcess operator, Path root,
                         Path kubeconfig, Path workDir) {
        this.apiServer = apiServer;
        this.client = client;
        this.operator = operator;
        this.root = root;
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
    }

    /**
     * Starts the API server (every request shown to {@code observer} first), applies the CRD and starts the operator
     * jar of the project at {@code root} with {@code operatorEnv} on top of {@link LocalCluster#OPERATOR_DEFAULTS}
     * and {@code jvmOptions} after {@code -Xmx256m}; returns once the operator is ready. Working files go to
     * {@code workDir}.
     */
    public static ControlPlane start(Path root, Path workDir, Consumer<RecordedRequest> observer,
                                     Map<String, String> operatorEnv, List<String> jvmOptions)
            throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        ApiServer apiServer = ApiServer.start(observer);
        KubernetesClient client = apiServer.newClient(CLIENT_AGENT);
        try {
            LocalCluster.applyCrd(client, root.resolve(LocalCluster.CRD));
            Path kubeconfig = Kubeconfig.write(workDir.resolve("kubeconfig"), apiServer.url());
            Map<String, String> settings = new HashMap<>(LocalCluster.OPERATOR_DEFAULTS);
            settings.putAll(operatorEnv);
            OperatorProcess operator = OperatorProcess.start(root, kubeconfig, workDir, settings, jvmOptions);
            try {
                operator.awaitReady(Duration.ofSeconds(90));
            } catch (RuntimeException | InterruptedException e) {
                operator.close();
                throw e;
            }
            return new ControlPlane(apiServer, client, operator, root, kubeconfig, workDir);
        } catch (RuntimeException | IOException | InterruptedException e) {
            client.close();
            apiServer.close();
            throw e;
        }
    }

    /**
     * Starts one more operator process (another replica), with {@code operatorEnv} on top of
     * {@link LocalCluster#OPERATOR_DEFAULTS}, logging to {@code <workDir>/<name>/operator.log}; it is not awaited and
     * is stopped with the control plane.
     */
    public OperatorProcess startOperator(String name, Map<String, String> operatorEnv) throws IOException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Map<String, String> settings = new HashMap<>(LocalCluster.OPERATOR_DEFAULTS);
        settings.putAll(operatorEnv);
        OperatorProcess another = OperatorProcess.start(root, kubeconfig, dir, settings, List.of());
        more.add(another);
        return another;
    }

    /** The operator started with the control plane. */
    public OperatorProcess operator() {
        return operator;
    }

    public String apiServerUrl() {
        return apiServer.url();
    }

    /** A client of the API server (do not close it; the control plane does). */
    public KubernetesClient client() {
        return client;
    }

    /** {@code http://127.0.0.1:<port>} of the operator's health and metrics endpoints. */
    public String operatorUrl() {
        return "http://127.0.0.1:" + operator.port();
    }

    public long operatorPid() {
        return operator.pid();
    }

    public Path operatorLog() {
        return operator.log();
    }

    @Override
    public void close() {
        more.forEach(OperatorProcess::close);
        operator.close();
        client.close();
        apiServer.close();
    }
}
