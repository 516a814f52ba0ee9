package dev.kinfer.operator.faults;

import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The Fabric8 mock API server in CRUD mode with faults on chosen requests: a rule matches an HTTP method and a path
 * pattern and, for its next {@code times} matching requests, answers with an error status without carrying the
 * request out, or carries it out and answers late, or never answers in time. Everything else goes to the CRUD
 * dispatcher untouched. A late answer is a Vert.x timer in the mock, so nothing blocks the mock's event loop.
 *
 * <p>The mock's {@code expect()} API is not consulted once a dispatcher is set, hence this wrapper.
 */
final class FaultyApiServer implements AutoCloseable {

    /** What a rule does to a matching request. */
    sealed interface Fault permits Status, Late, Silent {
    }

    /** Answers {@code code} (409, 500, ...) with a Kubernetes Status body; the request is not carried out. */
    record Status(int code, String reason) implements Fault {
    }

    /** Carries the request out, then holds its answer for {@code delay}. */
    record Late(Duration delay) implements Fault {
    }

    /** Does not carry the request out and answers 504 only after {@code delay}: a hung API server call. */
    record Silent(Duration delay) implements Fault {
    }

    /** One fault for the next {@code times} requests matching method and path; {@link #hits()} counts them. */
    static final class Rule {
        private final String method;
        private final Pattern path;
        private final Fault fault;
        private final AtomicInteger remaining;
        private final AtomicInteger hits = new AtomicInteger();

        private Rule(String method, String pathRegex, int times, Fault fault) {
            this.method = method;
            this.path = Pattern.compile(pathRegex);
            this.fault = fault;
            this.remaining = new AtomicInteger(times);
        }

        /** How many requests this rule has failed or delayed so far. */
        int hits() {
            return hits.get();
        }

        private boolean claims(RecordedRequest request) {
            String requestPath = request.getPath().split("\\?", 2)[0];
            if (!method.equalsIgnoreCase(request.getMethod()) || !path.matcher(requestPath).matches()) {
                return false;
            }
            if (remaining.getAndDecrement() <= 0) {
                return false;
            }
            hits.incrementAndGet();
            return true;
        }
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final KubernetesMockServer server;
    private final Config serverConfig;

    FaultyApiServer() {
        KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
        Dispatcher faulty = new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                for (Rule rule : rules) {
                    if (rule.claims(request)) {
                        return inject(rule.fault, request, crud);
                    }
                }
                return crud.dispatch(request);
            }
        };
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), faulty, false);
        server.init();
        try (KubernetesClient probe = server.createClient()) {
            serverConfig = probe.getConfiguration();
        }
    }

    /** Adds a rule; rules are tried in the order they were added. */
    Rule on(String method, String pathRegex, int times, Fault fault) {
        Rule rule = new Rule(method, pathRegex, times, fault);
        rules.add(rule);
        return rule;
    }

    /** A new client of this server, configured further by {@code customise} (user agent, timeouts). */
    KubernetesClient client(Consumer<ConfigBuilder> customise) {
        ConfigBuilder config = new ConfigBuilder(serverConfig);
        customise.accept(config);
        return new KubernetesClientBuilder().withConfig(config.build()).build();
    }

    private static MockResponse inject(Fault fault, RecordedRequest request, KubernetesCrudDispatcher crud) {
        if (fault instanceof Status status) {
            return statusResponse(status.code(), status.reason(), "injected fault on " + request.getMethod() + " "
                    + request.getPath());
        }
        if (fault instanceof Late late) {
            return crud.dispatch(request).setBodyDelay(late.delay());
        }
        Silent silent = (Silent) fault;
        return statusResponse(504, "Timeout", "injected hang on " + request.getPath()).setBodyDelay(silent.delay());
    }

    private static MockResponse statusResponse(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setHeader("Content-Type", "application/json")
                .setBody(Serialization.asJson(new StatusBuilder().withStatus("Failure").withCode(code)
                        .withReason(reason).withMessage(message).build()));
    }

    @Override
    public void close() {
        server.destroy();
    }
}
