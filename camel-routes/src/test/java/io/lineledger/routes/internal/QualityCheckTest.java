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

    private final LineDefinition line = TestLines.define(TestLines.line1());
    private final BatchLifecycle lifecycle = new BatchLifecycle(line, Clock.systemUTC(), Duration.ofSeconds(1));
    private final QualityCheck check = new QualityCheck(line, lifecycle);

    private static ProductionEvent event(String tag, Object value) {
        return new ProductionEvent("line-1", tag, value, Instant.parse("2026-01-05T08:00:00Z"), "Good");
    }

    @Test
    void valuesOnTheLimitsPassAndOutsideFail() {
        lifecycle.batchId(event("batchId", "LOT-1"));
        lifecycle.started(event("batchState", "Running"));
        assertEquals("PASS", check.measure(event("checkweigher.fillWeight", 495.0)).fields().get("verdict"));
        assertEquals("PASS", check.measure(event("checkweigher.fillWeight", 505.0)).fields().get("verdict"));
        assertEquals("FAIL", check.measure(event("checkweigher.fillWeight", 494.99)).fields().get("verdict"));
        assertEquals("FAIL", check.measure(event("checkweigher.fillWeight", 505.01)).fields().get("verdict"));
        assertEquals("2026-01-05T08:00:00Z", check.measure(event("checkweigher.fillWeight", 500.0)).fields().get("sourceTime"));
    }

    @Test
    void aFillWeightWithoutARunningBatchIsRejected() {
        RuleViolation e = assertThrows(RuleViolation.class, () -> check.measure(event("checkweigher.fillWeight", 500.0)));
        assertTrue(e.getMessage().contains("no batch is running"), e.getMessage());
        assertEquals(DeadLetterCause.NO_BATCH_RUNNING, e.deadLetterCause());
    }

    private static ProductionEvent at(String time, String tag, Object value) {
        return new ProductionEvent("line-1", tag, value, Instant.parse(time), "Good");
    }

    /**
     * Karaf was down while the PLC went on: the batch resumed from the store ran since before the gap, so the
     * current weight reported on reconnect (measured inside the gap) may belong to a batch run meanwhile, whose id
     * comes later in the same reconnect. It is kept as of no batch, never counted for the resumed one.
     */
    @Test
    void aValueMeasuredWhileTheLineWasNotObservedIsOfNoBatchWhenTheBatchRanSinceBefore() {
        lifecycle.batchId(at("2026-01-05T08:00:00Z", "batchId", "LOT-36"));
        lifecycle.started(at("2026-01-05T08:00:01Z", "batchState", "Running"));
        assertEquals("LOT-36", check.measure(at("2026-01-05T08:00:02Z", "checkweigher.fillWeight", 500.0)).batchId());
        lifecycle.gap(new io.lineledger.model.ObservationGap("line-1", Instant.parse("2026-01-05T08:00:02Z"),
                Instant.parse("2026-01-05T08:01:00Z"), io.lineledger.model.ObservationGap.CAUSE_LINELEDGER_DOWN, ""));

        io.lineledger.model.RecordDraft blind = check.measure(at("2026-01-05T08:00:40Z", "checkweigher.fillWeight", 501.0));
        assertEquals(null, blind.batchId());
        assertTrue(String.valueOf(blind.fields().get("batchUnknown")).contains("LOT-36"), blind.fields().toString());
        assertEquals(false, blind.fields().containsKey("verdict"), "no verdict without the batch's limits");
        RuleViolation again = assertThrows(RuleViolation.class,
                () -> check.measure(at("2026-01-05T08:00:40Z", "checkweigher.fillWeight", 501.0)));
        assertEquals(DeadLetterCause.DUPLICATE, again.deadLetterCause());

        // observed again: the same batch still running, its values are its own
        assertEquals("LOT-36", check.measure(at("2026-01-05T08:01:01Z", "checkweigher.fillWeight", 502.0)).batchId());
        // its id reported again (unchanged since before the gap): it ran on through the gap
        lifecycle.batchId(at("2026-01-05T08:00:00Z", "batchId", "LOT-36"));
        assertEquals("LOT-36", check.measure(at("2026-01-05T08:00:41Z", "checkweigher.fillWeight", 503.0)).batchId());
        // a batch that started inside the gap (its start reported with its time) owns what came after its start
        lifecycle.batchId(at("2026-01-05T08:00:50Z", "batchId", "LOT-40"));
        lifecycle.started(at("2026-01-05T08:00:51Z", "batchState", "Running"));
        assertEquals("LOT-40", check.measure(at("2026-01-05T08:00:55Z", "checkweigher.fillWeight", 499.0)).batchId());
    }

    @Test
    void specLimitsMustBeOrdered() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpecLimits(505, 495));
        assertTrue(e.getMessage().contains("lsl 505.0, usl 495.0"), e.getMessage());
    }
}
