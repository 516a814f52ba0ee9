package dev.kinfer.operator.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kinfer.api.v1alpha1.InferenceService;
import dev.kinfer.api.v1alpha1.InferenceServiceStatus;
import dev.kinfer.api.v1alpha1.ProfileSpec;
import dev.kinfer.api.v1alpha1.SlaSpec;
import dev.kinfer.operator.Fixtures;
import dev.kinfer.operator.TestConfig;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfilingPolicyTest {

    private static final String URI = "pvc://models/resnet18.pt";
    private static final Instant FAILED_AT = Instant.parse("2026-11-26T08:00:00Z");
    private final ProfilingPolicy policy = new ProfilingPolicy(Duration.ofSeconds(30), Duration.ofMinutes(10));
    private final InferenceService isvc = withSla(Fixtures.resnet());
    private final Job first = ProfilingJobBuilder.build(isvc, 1, TestConfig.defaults());

    @Test
    void measuresNothingWithoutAnSlaAndCleansUpLeftoverJobs() {
        InferenceService noSla = Fixtures.resnet();
        ProfilingStep step = policy.decide(noSla, jobs(List.of(first)), FAILED_AT);
        assertNull(step.conditionStatus());
        assertNull(step.createAttempt());
        assertEquals(List.of(first), step.delete());
    }

    @Test
    void plansFromADeclaredProfileWithoutMeasuring() {
        isvc.getSpec().setProfile(Fixtures.declared(dev.kinfer.operator.planner.H200Profiles.resnet18Fp32()));
        ProfilingStep step = policy.decide(isvc, jobs(List.of()), FAILED_AT);
        assertEquals("Declared", step.conditionReason());
        assertSame(isvc.getSpec().getProfile(), step.profile());
        assertNull(step.createAttempt());
    }

    @Test
    void startsTheFirstProfilingJobWhenNoProfileIsKnown() {
        ProfilingStep step = policy.decide(isvc, jobs(List.of()), FAILED_AT);
        assertEquals(1, step.createAttempt());
        assertEquals("False", step.conditionStatus());
        assertEquals("Profiling", step.conditionReason());
        assertNull(step.profile());
    }

    @Test
    void waitsForARunningJob() {
        ProfilingStep step = policy.decide(isvc, jobs(List.of(first)), FAILED_AT);
        assertNull(step.createAttempt());
        assertEquals("profiling Job resnet-profile-1 (attempt 1) is measuring " + URI, step.conditionMessage());
    }

    @Test
    void storesTheMeasuredProfileForThisModelAndDeletesTheJob() {
        Job done = ProfilingTestData.succeeded(first, FAILED_AT.toString());
        ProfilingStep step = policy.decide(isvc, new ProfilingJobs(List.of(done),
                List.of(ProfilingTestData.terminatedPod(done, 0, ProfilingTestData.CPU_PROFILE)), URI), FAILED_AT);
        assertEquals("Measured", step.conditionReason());
        assertEquals(ProfileSpec.SOURCE_MEASURED, step.profile().getSource());
        assertEquals(URI, step.profile().getModelUri());
        assertEquals(List.of(done), step.delete());
    }

    @Test
    void keepsUsingAProfileMeasuredForTheSameModel() {
        isvc.setStatus(statusWithProfile(URI));
        ProfilingStep step = policy.decide(isvc, jobs(List.of()), FAILED_AT);
        assertEquals("Measured", step.conditionReason());
        assertNull(step.createAttempt());
    }

    @Test
    void measuresAgainWhenTheModelChanged() {
        isvc.setStatus(statusWithProfile("pvc://models/older.pt"));
        ProfilingStep step = policy.decide(isvc, jobs(List.of()), FAILED_AT);
        assertEquals(1, step.createAttempt());
    }

    @Test
    void retriesAFailedJobOnlyAfterItsBackoffAndSaysWhen() {
        ProfilingJobs failed = jobs(List.of(ProfilingTestData.failed(first, "DeadlineExceeded", FAILED_AT.toString())));

        ProfilingStep early = policy.decide(isvc, failed, FAILED_AT.plusSeconds(10));
        assertNull(early.createAttempt());
        assertEquals(Duration.ofSeconds(20), early.recheckAfter());
        assertEquals("ProfilingFailed", early.conditionReason());
        assertTrue(early.conditionMessage().endsWith("retrying at 2026-11-26T08:00:30Z"), early.conditionMessage());

        ProfilingStep due = policy.decide(isvc, failed, FAILED_AT.plusSeconds(30));
        assertEquals(2, due.createAttempt());
        assertEquals(1, due.delete().size());
    }

    @Test
    void backsOffExponentiallyUpToTheMaximum() {
        assertEquals(Duration.ofSeconds(30), policy.backoffAfter(1));
        assertEquals(Duration.ofSeconds(60), policy.backoffAfter(2));
        assertEquals(Duration.ofSeconds(240), policy.backoffAfter(4));
        assertEquals(Duration.ofMinutes(10), policy.backoffAfter(6));
        assertEquals(Duration.ofMinutes(10), policy.backoffAfter(60));
    }

    private static InferenceService withSla(InferenceService isvc) {
        isvc.getSpec().setSla(new SlaSpec(50.0, 100.0));
        return isvc;
    }

    private static ProfilingJobs jobs(List<Job> jobs) {
        return new ProfilingJobs(jobs, List.of(), URI);
    }

    private static InferenceServiceStatus statusWithProfile(String modelUri) {
        ProfileSpec profile = Fixtures.declared(dev.kinfer.operator.planner.H200Profiles.resnet18Fp32());
        profile.setSource(ProfileSpec.SOURCE_MEASURED);
        profile.setModelUri(modelUri);
        InferenceServiceStatus status = new InferenceServiceStatus();
        status.setProfile(profile);
        return status;
    }
}
