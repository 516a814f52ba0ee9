package dev.kinfer.operator.reconciler;

import static dev.kinfer.operator.reconciler.MockCluster.NS;
import static dev.kinfer.operator.reconciler.MockCluster.env;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.ModelFormat;
import dev.kinfer.api.v1alpha1.PlanStatus;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.profile.ProfilingTestData;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Instant;
import dev.kinfer.operator.Edits;
import dev.kinfer.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import dev.kinfer.operator.desired.GpuMemory;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator as it runs, against the Fabric8 mock API server in CRUD mode. The mock has no Deployment
 * controller, so tests play it by writing the Deployment's status. Each test uses its own resource name.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class InferenceServiceReconcilerTest {

    @Inject
    KubernetesClient client;

    @KubernetesTestServer
    KubernetesServer server;

    private MockCluster cluster;

    @BeforeEach
    void connect() {
        cluster = new MockCluster(client);
    }

    @Test
    void createsThePredictorDeploymentWithTheRuntimeContract() {
        InferenceService isvc = cluster.create(s -> s);
        Map<String, String> env = env(cluster.awaitDeployment(isvc));
        assertEquals("/mnt/models/resnet18.pt", env.get("KINFER_MODEL_URI"));
        assertEquals(isvc.getMetadata().getName(), env.get("KINFER_MODEL_NAME"));
        assertEquals("1", env.get("KINFER_WORKERS"));
        assertEquals("cpu", env.get("KINFER_DEVICE"));
        assertEquals("true", env.get("DJL_OFFLINE"));
    }

    @Test
    void labelsTheDeploymentAndProbesTheRuntime() {
        InferenceService isvc = cluster.create(s -> s);
        Deployment deployment = cluster.awaitDeployment(isvc);
        assertEquals("kinfer-operator", deployment.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
        assertEquals(isvc.getMetadata().getName(), deployment.getMetadata().getLabels().get("app.kubernetes.io/instance"));
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/v2/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("/v2/health/live", container.getLivenessProbe().getHttpGet().getPath());
        assertNotNull(container.getStartupProbe());
    }

    @Test
    void makesTheInferenceServiceTheOnlyControllerOwnerOfItsDeployment() {
        InferenceService isvc = cluster.create(s -> s);
        Deployment deployment = cluster.awaitDeployment(isvc);
        assertEquals(1, deployment.getMetadata().getOwnerReferences().size());
        OwnerReference owner = deployment.getMetadata().getOwnerReferences().get(0);
        assertEquals(isvc.getMetadata().getUid(), owner.getUid());
        assertTrue(owner.getController());
    }

    @Test
    void createsTheServiceInFrontOfThePredictor() {
        InferenceService isvc = cluster.create(s -> s);
        Service service = MockCluster.eventually().until(() -> client.services().inNamespace(NS)
                .withName(isvc.getMetadata().getName()).get(), s -> s != null);
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());
        assertEquals("http", service.getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(isvc.getMetadata().getUid(), service.getMetadata().getOwnerReferences().get(0).getUid());
    }

    @Test
    void writesTheUrlPlanAndObservedGenerationIntoTheStatus() {
        InferenceService isvc = cluster.create(s -> s);
        InferenceService observed = MockCluster.eventually().until(() -> cluster.current(isvc),
                s -> s.getStatus() != null && s.getStatus().getObservedGeneration() != null);
        assertEquals("http://" + isvc.getMetadata().getName() + "." + NS + ".svc.cluster.local",
                observed.getStatus().getUrl());
        assertEquals(observed.getMetadata().getGeneration(), observed.getStatus().getObservedGeneration());
        assertEquals(1, observed.getStatus().getPlan().getWorkersPerPod());
    }

    @Test
    void isNotReadyBeforeTheDeploymentReportsAnything() {
        InferenceService isvc = cluster.create(s -> s);
        Condition ready = cluster.awaitReady(isvc, "False", "DeploymentPending");
        assertTrue(ready.getMessage().contains("-predictor"), ready.getMessage());
    }

    @Test
    void becomesReadyWhenTheDeploymentHasEveryReplicaAvailable() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        assertEquals(1, cluster.current(isvc).getStatus().getReadyReplicas());
    }

    @Test
    void updatesTheDeploymentWhenTheWorkersPinChanges() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.awaitDeployment(isvc);
        cluster.edit(isvc, s -> {
            s.getSpec().getPredictor().setWorkers(4);
            return s;
        });
        MockCluster.eventually().until(() -> env(cluster.deployment(isvc)).get("KINFER_WORKERS"), "4"::equals);
    }

    @Test
    void updatesTheDeploymentWhenTheStorageUriChanges() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.awaitDeployment(isvc);
        cluster.edit(isvc, s -> {
            s.getSpec().getPredictor().getModel().setStorageUri("file:///opt/models/mlp.pt");
            return s;
        });
        MockCluster.eventually().until(() -> env(cluster.deployment(isvc)).get("KINFER_MODEL_URI"), "/opt/models/mlp.pt"::equals);
    }

    @Test
    void reportsAnUnsupportedModelFormatAndCreatesNoDeployment() {
        InferenceService isvc = cluster.create(s -> {
            s.getSpec().getPredictor().getModel().setModelFormat(new ModelFormat("onnx"));
            return s;
        });
        Condition ready = cluster.awaitReady(isvc, "False", "InvalidSpec");
        assertTrue(ready.getMessage().contains("spec.predictor.model.modelFormat.name 'onnx' is not supported"),
                ready.getMessage());
        // The status is written after the decision not to deploy, so nothing can appear later.
        assertNull(cluster.deployment(isvc));
        assertNull(client.services().inNamespace(NS).withName(isvc.getMetadata().getName()).get());
    }

    @Test
    void writesTheStatusOfAnInvalidSpecOnceAndThenLeavesItAlone() {
        InferenceService isvc = cluster.create(s -> {
            s.getSpec().getPredictor().getModel().setStorageUri("gs://bucket/resnet18.pt");
            return s;
        });
        cluster.awaitReady(isvc, "False", "InvalidSpec");
        String version = cluster.current(isvc).getMetadata().getResourceVersion();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
                .until(() -> cluster.current(isvc).getMetadata().getResourceVersion(), version::equals);
    }

    @Test
    void keepsTheLastGoodDeploymentWhenAnEditIsInvalid() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        cluster.edit(isvc, s -> {
            s.getSpec().getPredictor().setWorkers(8);
            s.getSpec().getPredictor().getModel().setModelFormat(new ModelFormat("onnx"));
            return s;
        });
        Condition ready = cluster.awaitReady(isvc, "False", "InvalidSpec");
        assertTrue(ready.getMessage().contains("keeps running"), ready.getMessage());
        Deployment kept = cluster.deployment(isvc);
        assertNotNull(kept);
        assertEquals("1", env(kept).get("KINFER_WORKERS"));
        assertEquals("True", cluster.condition(isvc, "Available").orElseThrow().getStatus());
    }

    @Test
    void recoversOnceAnInvalidSpecIsFixed() {
        InferenceService isvc = cluster.create(s -> {
            s.getSpec().getPredictor().getModel().setStorageUri("gs://bucket/resnet18.pt");
            return s;
        });
        cluster.awaitReady(isvc, "False", "InvalidSpec");
        cluster.edit(isvc, s -> {
            s.getSpec().getPredictor().getModel().setStorageUri("pvc://models/resnet18.pt");
            return s;
        });
        cluster.awaitDeployment(isvc);
        cluster.awaitReady(isvc, "False", "DeploymentPending");
    }

    @Test
    void writesNoStatusWhenADeploymentEventChangesNothingItReports() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        String version = cluster.current(isvc).getMetadata().getResourceVersion();
        // Triggers a reconcile through the Deployment informer without changing anything the status reports.
        MockCluster.eventually().until(() -> Edits.applied(() -> client.apps().deployments().inNamespace(NS)
                .withName(isvc.getMetadata().getName() + "-predictor").edit(d -> {
                    d.getMetadata().getAnnotations().put("example.com/touched", "yes");
                    return d;
                })));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3))
                .until(() -> cluster.current(isvc).getMetadata().getResourceVersion(), version::equals);
    }

    @Test
    void reportsADeploymentTheApiServerRejectsAndRetries() {
        server.expect().post().withPath("/apis/apps/v1/namespaces/" + NS + "/deployments")
                .andReturn(422, new StatusBuilder().withStatus("Failure").withReason("Invalid").withCode(422)
                        .withMessage("Deployment.apps is invalid: simulated rejection").build())
                .once();
        InferenceService isvc = cluster.create(s -> s);
        Condition ready = cluster.awaitReady(isvc, "False", "ReconcileFailed");
        assertTrue(ready.getMessage().contains("simulated rejection"), ready.getMessage());
        cluster.awaitDeployment(isvc);
        cluster.awaitReady(isvc, "False", "DeploymentPending");
    }

    @Test
    void returnsToPendingWhileAnUpdatedDeploymentRollsOut() {
        InferenceService isvc = cluster.create(s -> s);
        cluster.reportAllReplicasAvailable(isvc);
        cluster.awaitReady(isvc, "True", "DeploymentAvailable");
        cluster.edit(isvc, s -> {
            s.getSpec().getPredictor().setWorkers(2);
            return s;
        });
        cluster.awaitReady(isvc, "False", "DeploymentPending");
    }

    @Test
    void writesTheStatusOfAResourceCreatedWithoutOne() {
        // kubectl apply sends no status at all; the first status write must still land.
        InferenceService isvc = cluster.create(s -> {
            s.setStatus(null);
            return s;
        });
        cluster.awaitReady(isvc, "False", "DeploymentPending");
    }

    @Test
    void plansWorkersBatchingAndReplicasFromTheSlaAndTheDeclaredProfile() {
        InferenceService isvc = cluster.create(Fixtures::h200WorkedExample);
        Deployment deployment = cluster.awaitDeployment(isvc);

        Map<String, String> env = env(deployment);
        assertEquals("2", env.get("KINFER_WORKERS"));
        assertEquals("32", env.get("KINFER_MAX_BATCH_SIZE"));
        assertEquals("3", env.get("KINFER_MAX_BATCH_DELAY_MS"));
        assertEquals("gpu", env.get("KINFER_DEVICE"));
        assertEquals(3, deployment.getSpec().getReplicas());
        Condition planned = MockCluster.eventually().until(() -> cluster.condition(isvc, "Planned").orElse(null),
                c -> c != null && "SlaMet".equals(c.getReason()));
        assertEquals("True", planned.getStatus());
        PlanStatus plan = cluster.current(isvc).getStatus().getPlan();
        assertTrue(plan.getPredictedP99Millis() <= 10.0, "predicted p99 " + plan.getPredictedP99Millis());
        assertTrue(plan.getPredictedThroughputPerSecond() >= 50_000);
        assertNotNull(plan.getGpuMemoryPerPodMiB());
        assertTrue(plan.getReason().contains("beat"), plan.getReason());
    }

    @Test
    void reportsAnSlaItCannotMeetAsBestEffort() {
        InferenceService isvc = cluster.create(s -> {
            Fixtures.h200WorkedExample(s);
            Fixtures.predictor(s).setMaxReplicas(2);
            return s;
        });
        Condition planned = MockCluster.eventually().until(() -> cluster.condition(isvc, "Planned").orElse(null),
                c -> c != null && "SlaNotMet".equals(c.getReason()));
        assertEquals("False", planned.getStatus());
        assertEquals(2, cluster.awaitDeployment(isvc).getSpec().getReplicas());
        assertEquals(Boolean.FALSE, cluster.current(isvc).getStatus().getPlan().getFeasible());
    }

    @Test
    void measuresAProfileWithAJobWhenTheSlaComesWithoutOneAndThenPlansFromIt() {
        InferenceService isvc = cluster.create(InferenceServiceReconcilerTest::cpuServiceWithSla);
        Job job = awaitJob(isvc, 1);
        assertEquals("Profiling", cluster.awaitCondition(isvc, "Profiled", "False", "Profiling").getReason());
        assertEquals("ProfileMissing", cluster.awaitCondition(isvc, "Planned", "False", "ProfileMissing").getReason());
        assertEquals("1", env(cluster.awaitDeployment(isvc)).get("KINFER_WORKERS"), "pins and defaults meanwhile");

        String now = Instant.now().toString();
        client.resource(ProfilingTestData.terminatedPod(job, 0, ProfilingTestData.CPU_PROFILE)).create();
        client.resource(ProfilingTestData.succeeded(job, now)).updateStatus();

        cluster.awaitCondition(isvc, "Profiled", "True", "Measured");
        ProfileSpec stored = cluster.current(isvc).getStatus().getProfile();
        assertEquals(ProfileSpec.SOURCE_MEASURED, stored.getSource());
        assertEquals(isvc.getSpec().getPredictor().getModel().getStorageUri(), stored.getModelUri());
        assertEquals(4, stored.getPoints().size());
        cluster.awaitCondition(isvc, "Planned", "True", "SlaMet");
        PlanStatus plan = cluster.current(isvc).getStatus().getPlan();
        MockCluster.eventually().until(() -> env(cluster.deployment(isvc)).get("KINFER_MAX_BATCH_SIZE"),
                batch -> String.valueOf(plan.getMaxBatchSize()).equals(batch));
        MockCluster.eventually().until(() -> jobNamed(job.getMetadata().getName()) == null);
    }

    @Test
    void retriesAFailedProfilingJobAfterItsBackoffAndSaysWhy() {
        InferenceService isvc = cluster.create(InferenceServiceReconcilerTest::cpuServiceWithSla);
        Job job = awaitJob(isvc, 1);

        client.resource(ProfilingTestData.failed(job, "DeadlineExceeded", Instant.now().toString())).updateStatus();

        Condition failed = cluster.awaitCondition(isvc, "Profiled", "False", "ProfilingFailed");
        assertTrue(failed.getMessage().contains("(attempt 1) failed: DeadlineExceeded"), failed.getMessage());
        awaitJob(isvc, 2);
        MockCluster.eventually().until(() -> jobNamed(job.getMetadata().getName()) == null);
    }

    @Test
    void recordsAnEventForEachPlanChange() {
        InferenceService isvc = cluster.create(Fixtures::h200WorkedExample);
        MockCluster.eventually().until(() -> events(isvc, "PlanChanged"),
                events -> events.stream().anyMatch(e -> e.getMessage().startsWith("workers - -> 2, maxBatchSize - -> 32")));

        cluster.edit(isvc, s -> {
            s.getSpec().getSla().setThroughputPerSecond(100_000.0);
            return s;
        });

        MockCluster.eventually().until(() -> events(isvc, "PlanChanged"),
                events -> events.stream().anyMatch(e -> e.getMessage().startsWith("replicas 3 -> ")));
    }

    @Test
    void recordsAWarningEventForAnInvalidSpec() {
        InferenceService isvc = cluster.create(s -> {
            s.getSpec().getPredictor().getModel().setModelFormat(new ModelFormat("onnx"));
            return s;
        });
        Event event = MockCluster.eventually().until(() -> events(isvc, "InvalidSpec"), e -> !e.isEmpty()).get(0);
        assertEquals("Warning", event.getType());
        assertTrue(event.getMessage().contains("modelFormat.name 'onnx' is not supported"), event.getMessage());
    }

    private List<Event> events(InferenceService isvc, String reason) {
        return client.v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> isvc.getMetadata().getName().equals(e.getInvolvedObject().getName()))
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    @Test
    void takesTheGpuMemoryFromTheNodeLabelWhenTheSpecDoesNotSayItAndReplansWhenTheNodeChanges() {
        String pool = "pool-" + MockCluster.uniqueName();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("gpu-node-" + pool)
                .addToLabels(GpuMemory.NODE_LABEL, "81559").addToLabels("pool", pool).endMetadata().build())
                .create();
        InferenceService isvc = cluster.create(s -> {
            Fixtures.h200WorkedExample(s);
            Fixtures.predictor(s).setGpuMemory(null);
            Fixtures.predictor(s).setNodeSelector(Map.of("pool", pool));
            return s;
        });

        // Whichever the operator saw first, the node or the service, a node event re-plans the service.
        PlanStatus plan = MockCluster.eventually().until(() -> cluster.current(isvc).getStatus(),
                st -> st != null && st.getPlan() != null && Double.valueOf(81559.0).equals(st.getPlan().getGpuMemoryMiB()))
                .getPlan();
        assertEquals("node label nvidia.com/gpu.memory (smallest of 1 matching node)", plan.getGpuMemorySource());

        client.nodes().withName("gpu-node-" + pool).edit(n -> {
            n.getMetadata().getLabels().put(GpuMemory.NODE_LABEL, "40960");
            return n;
        });
        MockCluster.eventually().until(() -> cluster.current(isvc).getStatus().getPlan().getGpuMemoryMiB(),
                memory -> memory == 40960.0);
    }

    @Test
    void protectsTwoOrMoreReplicasWithADisruptionBudgetAndDropsItBelowTwo() {
        InferenceService isvc = cluster.create(s -> {
            Fixtures.predictor(s).setMinReplicas(2);
            return s;
        });
        String name = isvc.getMetadata().getName() + "-predictor";
        PodDisruptionBudget budget = MockCluster.eventually().until(
                () -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get(), b -> b != null);
        assertEquals(1, budget.getSpec().getMaxUnavailable().getIntVal());
        assertEquals(isvc.getMetadata().getUid(), budget.getMetadata().getOwnerReferences().get(0).getUid());

        cluster.edit(isvc, s -> {
            Fixtures.predictor(s).setMinReplicas(1);
            return s;
        });

        MockCluster.eventually().until(
                () -> client.policy().v1().podDisruptionBudget().inNamespace(NS).withName(name).get() == null);
    }

    private static InferenceService cpuServiceWithSla(InferenceService isvc) {
        isvc.getSpec().setSla(new SlaSpec(50.0, 500.0));
        Fixtures.predictor(isvc).setResources(new ResourceRequirementsBuilder()
                .addToLimits("cpu", new Quantity("2")).addToLimits("memory", new Quantity("2Gi")).build());
        return isvc;
    }

    private Job jobNamed(String name) {
        return client.batch().v1().jobs().inNamespace(NS).withName(name).get();
    }

    private Job awaitJob(InferenceService isvc, int attempt) {
        return MockCluster.eventually().until(() -> jobNamed(isvc.getMetadata().getName() + "-profile-" + attempt),
                j -> j != null);
    }
}
