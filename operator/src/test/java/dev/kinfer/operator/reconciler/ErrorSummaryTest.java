package dev.kinfer.operator.reconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorSummaryTest {

    @Test
    void reportsTheRootCauseOfAWrappedFailure() {
        Exception e = new RuntimeException("workflow failed", new IllegalStateException("quota exceeded"));
        assertEquals("quota exceeded", InferenceServiceReconciler.summary(e));
    }

    @Test
    void cutsAnOverlongMessage() {
        String summary = InferenceServiceReconciler.summary(new RuntimeException("x".repeat(5000)));
        assertEquals(1027, summary.length());
    }
}
