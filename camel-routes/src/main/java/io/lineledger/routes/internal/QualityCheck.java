package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.Verdict;
import io.lineledger.routes.DeadLetterCause;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns a measured value of a characteristic into a {@code quality} record of the batch that ran when it was
 * measured, with its verdict against the limits in force for the batch's product or recipe.
 */
public final class QualityCheck {

    private final LineDefinition line;
    private final BatchLifecycle lifecycle;

    public QualityCheck(LineDefinition line, BatchLifecycle lifecycle) {
        this.line = line;
        this.lifecycle = lifecycle;
    }

    /**
     * The quality record of a value: {@code station}, {@code characteristic}, {@code value}, {@code unit},
     * {@code nominal} (when configured), {@code lsl}, {@code usl}, {@code verdict}, {@code sourceTime}, and
     * {@code plcCounts} (the PLC's part counters of the batch so far, so a restart knows them).
     */
    public RecordDraft measure(ProductionEvent event) {
        Characteristic characteristic = line.characteristicOf(event.tag()).orElseThrow(() -> new RuleViolation(
                DeadLetterCause.OTHER, event.tag() + " of line " + event.lineId() + " measures no characteristic"));
        // by source time: a value measured before the running batch started (the current value reported again on
        // connect) is refused; one measured before a held end still counts for the completing batch
        BatchLifecycle.BatchRef batch = lifecycle.batchOf(event);
        if (!(event.value() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new RuleViolation(DeadLetterCause.WRONG_VALUE, characteristic.name() + " (" + event.tag()
                    + ") on line " + event.lineId() + " must be a finite number, got " + event.value());
        }
        double value = number.doubleValue();
        Optional<String> unobserved = lifecycle.unobservedBatchAt(event);
        if (unobserved.isPresent()) {
            return withoutBatch(event, characteristic, value, unobserved.get());
        }
        if (lifecycle.alreadyMeasured(event.lineId(), batch.id(), characteristic.name(), event.sourceTime(), value)) {
            throw new RuleViolation(DeadLetterCause.DUPLICATE, characteristic.name() + " " + value + " of line "
                    + event.lineId() + " measured at " + event.sourceTime() + " is already recorded for batch "
                    + batch.id());
        }
        SpecLimits limits = characteristic.limitsFor(batch.product(), batch.recipe()).orElseThrow(
                () -> new RuleViolation(DeadLetterCause.NO_SPEC_LIMITS, characteristic.name() + " " + value
                        + " of line " + event.lineId() + ": no spec limits for product " + batch.product()
                        + (batch.recipe() == null ? "" : " / recipe " + batch.recipe()) + " of batch " + batch.id()));
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", characteristic.station());
        fields.put("characteristic", characteristic.name());
        fields.put("value", value);
        fields.put("unit", characteristic.unit());
        if (limits.nominal() != null) {
            fields.put("nominal", limits.nominal());
        }
        fields.put("lsl", limits.lsl());
        fields.put("usl", limits.usl());
        fields.put("verdict", (limits.inSpec(value) ? Verdict.PASS : Verdict.FAIL).name());
        fields.put("sourceTime", event.sourceTime().toString());
        Map<String, Long> counts = lifecycle.counts(event.lineId(), batch.id());
        if (!counts.isEmpty()) {
            fields.put("plcCounts", new TreeMap<>(counts));
        }
        return new RecordDraft(event.lineId(), RecordTypes.QUALITY, batch.id(), fields);
    }

    /**
     * The evidence of a value whose batch cannot be told: kept as a quality record of no batch, with the reason and
     * no verdict (the limits in force depend on the product of the unknown batch).
     */
    private RecordDraft withoutBatch(ProductionEvent event, Characteristic characteristic, double value, String reason) {
        if (!lifecycle.firstWithoutBatch(event.lineId(), characteristic.name(), event.sourceTime(), value)) {
            throw new RuleViolation(DeadLetterCause.DUPLICATE, characteristic.name() + " " + value + " of line "
                    + event.lineId() + " measured at " + event.sourceTime() + " is already recorded (of no batch)");
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", characteristic.station());
        fields.put("characteristic", characteristic.name());
        fields.put("value", value);
        fields.put("unit", characteristic.unit());
        fields.put("sourceTime", event.sourceTime().toString());
        fields.put("batchUnknown", reason);
        return new RecordDraft(event.lineId(), RecordTypes.QUALITY, null, fields);
    }
}
