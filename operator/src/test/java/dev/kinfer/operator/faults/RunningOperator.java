package dev.kinfer.operator.faults;

import dev.kinfer.operator.TestConfig;
import dev.kinfer.operator.config.OperatorConfig;
import dev.kinfer.operator.reconciler.InferenceServiceReconciler;
import dev.kinfer.operator.reconciler.Sizer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.processing.retry.GenericRetry;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * The operator's reconciler run by a plain JOSDK {@link Operator} against a {@link FaultyApiServer}, so that a test
 * can stop it in the middle of a reconcile and start a fresh one, as a crashed or rescheduled operator pod would
 * be. Wired as QOSDK wires it in the test profile: the reconciler's annotations ({@code @Workflow}, the dependents'
 * informers and label selectors), no server-side apply (the mock has none). Differences from production, both for
 * test speed: JOSDK's retry starts after 100 ms instead of 2 s, and a stop waits at most 100 ms for a reconcile in
 * flight before it closes the client under it.
 */
final class RunningOperator implements AutoCloseable {

    static final String USER_AGENT = "kinfer-operator-under-test";

    private final Operator operator;
    private boolean stopped;

    private RunningOperator(Operator operator) {
        this.operator = operator;
    }

    /** Starts an operator whose client is configured further by {@code clientConfig}. */
    static RunningOperator start(FaultyApiServer api, Consumer<ConfigBuilder> clientConfig) {
        KubernetesClient client = api.client(c -> clientConfig.accept(c.withUserAgent(USER_AGENT)));
        OperatorConfig config = TestConfig.defaults();
        Operator operator = new Operator(o -> o.withKubernetesClient(client)
                .withUseSSAToPatchPrimaryResource(false)
                .withSSABasedCreateUpdateMatchForDependentResources(false)
                .withCloseClientOnStop(true)
                .withReconciliationTerminationTimeout(Duration.ofMillis(100)));
        operator.register(new InferenceServiceReconciler(config, new Sizer(config)),
                c -> c.withRetry(new GenericRetry().setInitialInterval(100).setIntervalMultiplier(2)
                        .setMaxInterval(2_000).setMaxAttempts(10)));
        operator.start();
        return new RunningOperator(operator);
    }

    /** Stops the operator as a killed pod would be: whatever reconcile is in flight loses its client. */
    void stop() {
        if (!stopped) {
            stopped = true;
            operator.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
