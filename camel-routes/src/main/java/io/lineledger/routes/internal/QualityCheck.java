package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.Verdict;
import io.lineledger.routes.DeadLetterCause;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns a measured fill weight into a {@code quality} record of the batch that ran when it was measured, with its
 * verdict.
 */
public final class QualityCheck {

    private final SpecLimits fillWeight;
    private final BatchLifecycle lifecycle;

    public QualityCheck(SpecLimits fillWeight, BatchLifecycle lifecycle) {
        this.fillWeight = fillWeight;
        this.lifecycle = lifecycle;
    }

    public RecordDraft fillWeight(ProductionEvent event) {
        // by source time: a weight measured before the running batch started (the current value reported again on
        // connect) is refused; one measured before a held Complete still counts for the completing batch
        String batch = lifecycle.batchOf(event);
        if (!(event.value() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new RuleViolation(DeadLetterCause.WRONG_VALUE, "fill weight on line " + event.lineId()
                    + " must be a finite number, got " + event.value());
        }
        double value = number.doubleValue();
        if (lifecycle.alreadyMeasured(event.lineId(), batch, event.tag(), event.sourceTime(), value)) {
            throw new RuleViolation(DeadLetterCause.DUPLICATE, "fill weight " + value + " of line " + event.lineId()
                    + " measured at " + event.sourceTime() + " is already recorded for batch " + batch);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", "checkweigher");
        fields.put("characteristic", "fillWeight");
        fields.put("value", value);
        fields.put("unit", "g");
        fields.put("lsl", fillWeight.lsl());
        fields.put("usl", fillWeight.usl());
        fields.put("verdict", (fillWeight.inSpec(value) ? Verdict.PASS : Verdict.FAIL).name());
        fields.put("sourceTime", event.sourceTime().toString());
        return new RecordDraft(event.lineId(), RecordTypes.QUALITY, batch, fields);
    }
}
