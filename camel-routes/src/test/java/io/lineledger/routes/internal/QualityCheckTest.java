package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ProductionEvent;
import io.lineledger.routes.DeadLetterCause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QualityCheckTest {

    private final BatchLifecycle lifecycle = new BatchLifecycle(Clock.systemUTC(), Duration.ofSeconds(1));
    private final QualityCheck check = new QualityCheck(new SpecLimits(495.0, 505.0), lifecycle);

    private static ProductionEvent event(String tag, Object value) {
        return new ProductionEvent("line-1", tag, value, Instant.parse("2026-01-05T08:00:00Z"), "Good");
    }

    @Test
    void valuesOnTheLimitsPassAndOutsideFail() {
        lifecycle.batchId(event("batchId", "LOT-1"));
        lifecycle.started(event("batchState", "Running"));
        assertEquals("PASS", check.fillWeight(event("fw", 495.0)).fields().get("verdict"));
        assertEquals("PASS", check.fillWeight(event("fw", 505.0)).fields().get("verdict"));
        assertEquals("FAIL", check.fillWeight(event("fw", 494.99)).fields().get("verdict"));
        assertEquals("FAIL", check.fillWeight(event("fw", 505.01)).fields().get("verdict"));
        assertEquals("2026-01-05T08:00:00Z", check.fillWeight(event("fw", 500.0)).fields().get("sourceTime"));
    }

    @Test
    void aFillWeightWithoutARunningBatchIsRejected() {
        RuleViolation e = assertThrows(RuleViolation.class, () -> check.fillWeight(event("fw", 500.0)));
        assertTrue(e.getMessage().contains("no batch is running"), e.getMessage());
        assertEquals(DeadLetterCause.NO_BATCH_RUNNING, e.deadLetterCause());
    }

    @Test
    void specLimitsMustBeOrdered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpecLimits(505, 495));
        assertTrue(e.getMessage().contains("lsl 505.0, usl 495.0"), e.getMessage());
    }
}
