package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a measured fill weight of the running batch into a {@code quality} record with its verdict. */
public final class QualityCheck {

    static final String QUALITY = "quality";
    static final String PASS = "PASS";
    static final String FAIL = "FAIL";

    private final SpecLimits fillWeight;
    private final BatchLifecycle lifecycle;

    public QualityCheck(SpecLimits fillWeight, BatchLifecycle lifecycle) {
        this.fillWeight = fillWeight;
        this.lifecycle = lifecycle;
    }

    public RecordDraft fillWeight(ProductionEvent event) {
        String batch = lifecycle.runningBatch(event.lineId()).orElseThrow(() -> new RuleViolation(
                "fill weight " + event.value() + " on line " + event.lineId() + " while no batch is running"));
        if (!(event.value() instanceof Number number) || !Double.isFinite(number.doubleValue())) {
            throw new RuleViolation("fill weight on line " + event.lineId() + " must be a finite number, got "
                    + event.value());
        }
        double value = number.doubleValue();
        // a subscription reports each tag's current value on (re)connect: the last weight of an earlier batch
        // must not count for the one that runs now
        Instant since = lifecycle.runningSince(event.lineId()).orElseThrow();
        if (event.sourceTime().isBefore(since)) {
            throw new RuleViolation("fill weight " + value + " on line " + event.lineId() + " was measured at "
                    + event.sourceTime() + ", before batch " + batch + " started at " + since);
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("station", "checkweigher");
        fields.put("characteristic", "fillWeight");
        fields.put("value", value);
        fields.put("unit", "g");
        fields.put("lsl", fillWeight.lsl());
        fields.put("usl", fillWeight.usl());
        fields.put("verdict", fillWeight.inSpec(value) ? PASS : FAIL);
        fields.put("sourceTime", event.sourceTime().toString());
        return new RecordDraft(event.lineId(), QUALITY, batch, fields);
    }
}
