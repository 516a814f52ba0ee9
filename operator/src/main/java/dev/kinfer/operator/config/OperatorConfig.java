package dev.kinfer.operator.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * Everything an operator installation may tune, in one typed place. Each value is read at start-up; the
 * property name is the method name in kebab case under {@code kinfer.operator.}, e.g.
 * {@code kinfer.operator.runtime-image} or env {@code KINFER_OPERATOR_RUNTIME_IMAGE}.
 */
@ConfigMapping(prefix = "kinfer.operator")
public interface OperatorConfig {

    /** Model runtime image used when an InferenceService does not set spec.predictor.image. */
    @WithDefault("kinfer/model-runtime:0.1.0")
    String runtimeImage();

    /** Pull policy of the runtime container; IfNotPresent suits tagged release images. */
    @WithDefault("IfNotPresent")
    String imagePullPolicy();

    /** DNS suffix of the cluster, used to build status.url (http://svc.ns.svc.&lt;domain&gt;). */
    @WithDefault("cluster.local")
    String clusterDomain();

    /**
     * Requests each runtime pod may hold in its queue before answering 503. Not yet planned; a later planner
     * issue may size it from the SLA.
     */
    @WithDefault("256")
    int defaultQueueCapacity();

    /**
     * Longest time a runtime pod may take to load its model and warm every worker before the kubelet gives up
     * on it. Large models on slow volumes need more; the startup probe is sized from this.
     */
    @WithDefault("600")
    int modelLoadTimeoutSeconds();

    /** Size limit of the emptyDir that holds DJL's extracted native libraries (libtorch is ~432 MB). */
    @WithDefault("2Gi")
    String djlCacheSizeLimit();

    /**
     * Size limit of the emptyDir an http(s):// or s3:// model is downloaded into; the fetch-model init container stops
     * a download as soon as it passes this (--max-bytes), with a message that says so.
     */
    @WithDefault("20Gi")
    String modelDownloadSizeLimit();

    /**
     * Memory of one GPU assumed when an InferenceService sets no spec.predictor.gpuMemory. Deliberately modest: a
     * plan that assumes too little memory wastes some; one that assumes too much fails to start.
     */
    @WithDefault("16Gi")
    String defaultGpuMemory();

    /** Memory the planner assumes for a CPU-only pod that sets no memory limit or request. */
    @WithDefault("2Gi")
    String defaultMemoryLimit();

    /** Share of device memory the planner leaves free for fragmentation and allocator growth. */
    @WithDefault("0.1")
    double memoryHeadroom();

    /** Plans remembered by their inputs, so an unchanged resource is not planned again on every reconcile. */
    @WithDefault("1024")
    int planCacheSize();

    /** Seconds the runtime's profile command may spend measuring the workers x batch grid (model loading excluded). */
    @WithDefault("60")
    int profilingBudgetSeconds();

    /** Wait before retrying a failed profiling Job; doubles with each failed attempt. */
    @WithDefault("PT30S")
    Duration profilingInitialBackoff();

    /** Longest wait between profiling attempts. */
    @WithDefault("PT10M")
    Duration profilingMaxBackoff();

    /**
     * Server-side apply for the dependents and the status. Leave it on in a real cluster; the local cluster of
     * e2e/ turns it off (KINFER_OPERATOR_SERVER_SIDE_APPLY=false) because its Fabric8 mock API server has no SSA.
     * QOSDK's own quarkus.operator-sdk.enable-ssa is fixed at build time, so the production jar needs this switch.
     */
    @WithDefault("true")
    boolean serverSideApply();

    /**
     * Longest time between two reconciles of an unchanged InferenceService (JOSDK's maxReconciliationInterval):
     * a safety net that repairs what a missed watch event left behind. A resync of an unchanged resource writes
     * nothing. Applied as quarkus.operator-sdk.controllers.inferenceservice.max-reconciliation-interval in
     * application.properties, because QOSDK reads it from there.
     */
    @WithDefault("PT10H")
    Duration resyncPeriod();

    /**
     * Log one JSON object per line (with the MDC fields resource.namespace and resource.name) instead of text lines,
     * for log collectors. Applied as quarkus.log.console.json.enabled in application.properties.
     */
    @WithDefault("false")
    boolean jsonLogs();
}
