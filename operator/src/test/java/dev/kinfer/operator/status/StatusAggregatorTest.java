package dev.kinfer.operator.status;

import static dev.kinfer.operator.Fixtures.predictor;
import static dev.kinfer.operator.Fixtures.resnet;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;
import dev.kinfer.operator.TestConfig;
import dev.kinfer.operator.desired.DeploymentBuilder;
import dev.kinfer.operator.desired.PinnedSizing;
import dev.kinfer.operator.desired.Sizing;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

    private static final Instant T0 = Instant.parse("2026-11-26T07:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-26T07:05:00Z");
    private static final List<String> VALID = List.of();
    private static final List<String> ONNX = List.of("spec.predictor.model.modelFormat.name 'onnx' is not supported");

    private static StatusAggregator at(Instant now) {
        return new StatusAggregator("cluster.local", Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Sizing sizing(InferenceService isvc) {
        return PinnedSizing.of(predictor(isvc));
    }

    /** The Deployment the operator would build, as its controller reports it. */
    private static Deployment deployment(InferenceService isvc, int updated, int available) {
        Deployment deployment = DeploymentBuilder.build(isvc, sizing(isvc), TestConfig.defaults());
        deployment.getMetadata().setGeneration(1L);
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(1L)
                .withReplicas(updated).withUpdatedReplicas(updated)
                .withReadyReplicas(available).withAvailableReplicas(available).build());
        return deployment;
    }

    private static Condition condition(InferenceServiceStatus status, String type) {
        return status.getConditions().stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void recordsTheGenerationItDescribes() {
        InferenceService isvc = resnet();
        isvc.getMetadata().setGeneration(7L);
        InferenceServiceStatus status = at(T0).aggregate(isvc, VALID, sizing(isvc), null, false);
        assertEquals(7L, status.getObservedGeneration());
        assertEquals(7L, condition(status, "Ready").getObservedGeneration());
    }

    @Test
    void pointsTheUrlAtTheServiceInsideTheCluster() {
        InferenceService isvc = resnet();
        assertEquals("http://resnet.vision.svc.cluster.local",
                at(T0).aggregate(isvc, VALID, sizing(isvc), null, false).getUrl());
    }

    @Test
    void reportsThePinnedPlanReplicasAndSelector() {
        InferenceService isvc = resnet();
        InferenceServiceStatus status = at(T0).aggregate(isvc, VALID, sizing(isvc), null, false);
        assertEquals(sizing(isvc).toPlanStatus(), status.getPlan());
        assertEquals(1, status.getReplicas());
        assertEquals(0, status.getReadyReplicas());
        assertEquals("app.kubernetes.io/instance=resnet,app.kubernetes.io/component=predictor", status.getSelector());
    }

    @Test
    void isNotReadyWhileTheDeploymentIsPending() {
        InferenceService isvc = resnet();
        Condition ready = condition(at(T0).aggregate(isvc, VALID, sizing(isvc), null, false), "Ready");
        assertEquals("False", ready.getStatus());
        assertEquals("DeploymentPending", ready.getReason());
    }

    @Test
    void isNotReadyUntilTheControllerObservedTheDeployment() {
        InferenceService isvc = resnet();
        Deployment deployment = deployment(isvc, 1, 1);
        deployment.getMetadata().setGeneration(2L);
        Condition ready = condition(at(T0).aggregate(isvc, VALID, sizing(isvc), deployment, true), "Ready");
        assertEquals("DeploymentPending", ready.getReason());
        assertTrue(ready.getMessage().contains("generation 2"), ready.getMessage());
    }

    @Test
    void isReadyWhenEveryDesiredReplicaIsAvailable() {
        InferenceService isvc = resnet();
        InferenceServiceStatus status = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        Condition ready = condition(status, "Ready");
        assertEquals("True", ready.getStatus());
        assertEquals("DeploymentAvailable", ready.getReason());
        assertEquals(1, status.getReadyReplicas());
        assertEquals("True", condition(status, "Available").getStatus());
        assertEquals("False", condition(status, "Progressing").getStatus());
    }

    @Test
    void isUnavailableWhenRolledOutReplicasAreNotAvailable() {
        InferenceService isvc = resnet();
        InferenceServiceStatus status = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 0), true);
        Condition ready = condition(status, "Ready");
        assertEquals("False", ready.getStatus());
        assertEquals("DeploymentUnavailable", ready.getReason());
        assertEquals("0/1 replicas of resnet-predictor available", ready.getMessage());
    }

    @Test
    void isPendingWhileNewReplicasRollOut() {
        InferenceService isvc = resnet();
        predictor(isvc).setMinReplicas(2);
        InferenceServiceStatus status = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        assertEquals("DeploymentPending", condition(status, "Ready").getReason());
        assertEquals("True", condition(status, "Progressing").getStatus());
        assertEquals("True", condition(status, "Available").getStatus());
    }

    @Test
    void saysTheSizesArePinned() {
        InferenceService isvc = resnet();
        Condition planned = condition(at(T0).aggregate(isvc, VALID, sizing(isvc), null, false), "Planned");
        assertEquals("True", planned.getStatus());
        assertEquals("Pinned", planned.getReason());
    }

    @Test
    void reportsAnInvalidSpecWithEveryProblem() {
        InferenceService isvc = resnet();
        List<String> problems = List.of("first problem", "second problem");
        InferenceServiceStatus status = at(T0).aggregate(isvc, problems, null, null, false);
        Condition ready = condition(status, "Ready");
        assertEquals("False", ready.getStatus());
        assertEquals("InvalidSpec", ready.getReason());
        assertEquals("first problem; second problem (nothing was deployed)", ready.getMessage());
        assertNull(status.getUrl());
        assertNull(status.getPlan());
    }

    @Test
    void keepsThePlanOfTheLastGoodDeploymentWhenAnEditIsInvalid() {
        InferenceService isvc = resnet();
        InferenceServiceStatus good = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        isvc.setStatus(good);
        InferenceServiceStatus bad = at(T1).aggregate(isvc, ONNX, null, deployment(isvc, 1, 1), true);
        assertEquals(good.getPlan(), bad.getPlan());
        assertEquals(good.getUrl(), bad.getUrl());
        assertEquals("InvalidSpec", condition(bad, "Ready").getReason());
        assertTrue(condition(bad, "Ready").getMessage().endsWith("(the last valid Deployment keeps running unchanged)"));
        assertEquals("True", condition(bad, "Available").getStatus());
    }

    @Test
    void keepsTheTransitionTimeOfAConditionWhoseStatusDidNotChange() {
        InferenceService isvc = resnet();
        isvc.setStatus(at(T0).aggregate(isvc, VALID, sizing(isvc), null, false));
        InferenceServiceStatus later = at(T1).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 0), true);
        Condition ready = condition(later, "Ready");
        assertEquals("DeploymentUnavailable", ready.getReason());
        assertEquals("2026-11-26T07:00:00Z", ready.getLastTransitionTime());
    }

    @Test
    void stampsANewTransitionTimeWhenAConditionFlips() {
        InferenceService isvc = resnet();
        isvc.setStatus(at(T0).aggregate(isvc, VALID, sizing(isvc), null, false));
        InferenceServiceStatus later = at(T1).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        assertEquals("2026-11-26T07:05:00Z", condition(later, "Ready").getLastTransitionTime());
    }

    @Test
    void computesTheSameStatusTwiceForAnUnchangedResource() {
        InferenceService isvc = resnet();
        isvc.setStatus(at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true));
        InferenceServiceStatus again = at(T1).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        assertTrue(StatusDiff.same(isvc.getStatus(), again));
    }

    @Test
    void seesAChangedStatusAsDifferent() {
        InferenceService isvc = resnet();
        InferenceServiceStatus first = at(T0).aggregate(isvc, VALID, sizing(isvc), null, false);
        InferenceServiceStatus second = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        assertFalse(StatusDiff.same(first, second));
    }

    @Test
    void reportsAFailedApplyOnReadyAndKeepsEverythingElse() {
        InferenceService isvc = resnet();
        InferenceServiceStatus good = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        isvc.setStatus(good);
        InferenceServiceStatus failed = at(T1).failed(isvc, "Deployment.apps is invalid");
        Condition ready = condition(failed, "Ready");
        assertEquals("False", ready.getStatus());
        assertEquals("ReconcileFailed", ready.getReason());
        assertEquals("could not apply the predictor resources: Deployment.apps is invalid; retrying with backoff",
                ready.getMessage());
        assertEquals(condition(good, "Available"), condition(failed, "Available"));
        assertEquals(good.getPlan(), failed.getPlan());
        assertEquals(good.getUrl(), failed.getUrl());
    }

    @Test
    void reportsTheSameFailureTwiceAsTheSameStatus() {
        InferenceService isvc = resnet();
        isvc.setStatus(at(T0).failed(isvc, "boom"));
        assertTrue(StatusDiff.same(isvc.getStatus(), at(T1).failed(isvc, "boom")));
    }

    @Test
    void isDegradedWhenARolledOutReplicaStopsServing() {
        InferenceService isvc = Fixtures.resnet();
        InferenceServiceStatus status = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 0), true);
        assertEquals("True", condition(status, "Degraded").getStatus());
        assertEquals("DeploymentUnavailable", condition(status, "Degraded").getReason());
    }

    @Test
    void isNotDegradedWhileRollingOutOrWhenEveryReplicaServes() {
        InferenceService isvc = Fixtures.resnet();
        InferenceServiceStatus serving = at(T0).aggregate(isvc, VALID, sizing(isvc), deployment(isvc, 1, 1), true);
        assertEquals("False", condition(serving, "Degraded").getStatus());
        InferenceServiceStatus pending = at(T0).aggregate(isvc, VALID, sizing(isvc), null, true);
        assertEquals("False", condition(pending, "Degraded").getStatus());
        assertEquals("DeploymentPending", condition(pending, "Degraded").getReason());
    }
}
