package dev.kinfer.operator.config;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.Cloner;
import io.javaoperatorsdk.operator.api.config.ConfigurationServiceOverrider;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.quarkiverse.operatorsdk.runtime.QuarkusConfigurationService;
import io.quarkiverse.operatorsdk.runtime.QuarkusControllerConfiguration;
import io.quarkiverse.operatorsdk.runtime.config.OverriddenConfigurationService;
import io.quarkiverse.operatorsdk.runtime.api.ConfigurationServiceCustomizer;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.util.function.Consumer;

/**
 * Applies {@link OperatorConfig#serverSideApply()} at start-up. QOSDK fixes quarkus.operator-sdk.enable-ssa when
 * the jar is built; this lets the same jar run against an API server without server-side apply (the local
 * cluster's Fabric8 mock) by switching JOSDK to plain create/update and a JSON status patch.
 */
@Singleton
@Unremovable // QOSDK looks customizers up programmatically
public class ServerSideApplySwitch implements ConfigurationServiceCustomizer {

    private final boolean serverSideApply;
    private final KubernetesClient client;

    public ServerSideApplySwitch(OperatorConfig config, KubernetesClient client) {
        this.serverSideApply = config.serverSideApply();
        this.client = client;
    }

    @Override
    public Consumer<ConfigurationServiceOverrider> overrider() {
        return overrider -> {
            if (!serverSideApply) {
                overrider.withUseSSAToPatchPrimaryResource(false)
                        .withSSABasedCreateUpdateMatchForDependentResources(false);
            }
        };
    }

    /**
     * Whether the dependents use SSA. QOSDK 7.7.3 answers a dependent's {@code shouldUseSSA} from the uncustomized
     * service, so the dependents override {@code useSSA} with this.
     */
    public static boolean enabled(Context<?> context) {
        return context.getControllerConfiguration().getConfigurationService()
                .ssaBasedCreateUpdateMatchForDependentResources();
    }

    /**
     * QOSDK 7.7.3 applies a customizer to the operator's configuration service but leaves each controller's
     * configuration pointing at the uncustomized one, which is where JOSDK reads the SSA switches. Runs before the
     * operator starts (QOSDK starts it from a StartupEvent observer of default priority).
     */
    void pointControllersAtTheCustomizedService(
            @Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent start,
            QuarkusConfigurationService service, Instance<Reconciler<? extends HasMetadata>> reconcilers) {
        if (serverSideApply) {
            return;
        }
        QuarkusConfigurationService parent = new KeepingTheClient(service, client);
        for (Reconciler<? extends HasMetadata> reconciler : reconcilers) {
            QuarkusControllerConfiguration<? extends HasMetadata> controller = service.getConfigurationFor(reconciler);
            if (controller != null) {
                controller.setParent(parent);
            }
        }
    }

    /**
     * The customized service with Quarkus' client. QOSDK 7.7.3's {@link OverriddenConfigurationService} answers
     * {@code getKubernetesClient()} and {@code getResourceCloner()} with JOSDK's interface defaults, which build a new
     * client (kubeconfig parsed, HTTP client and ObjectMapper created, Jackson's caches cold) on every call; JOSDK's
     * default cloner asks for one each time it copies a resource, i.e. on every reconcile and status patch. That was
     * most of the operator's CPU and allocation in the scale benchmark (docs/performance.md, "Operator at scale").
     */
    static final class KeepingTheClient extends OverriddenConfigurationService {

        private final KubernetesClient client;
        private final Cloner cloner;

        KeepingTheClient(QuarkusConfigurationService customized, KubernetesClient client) {
            super(customized, customized);
            this.client = client;
            this.cloner = new Cloner() {
                @Override
                public <R extends HasMetadata> R clone(R object) {
                    return client.getKubernetesSerialization().clone(object);
                }
            };
        }

        @Override
        public KubernetesClient getKubernetesClient() {
            return client;
        }

        @Override
        public Cloner getResourceCloner() {
            return cloner;
        }
    }
}
