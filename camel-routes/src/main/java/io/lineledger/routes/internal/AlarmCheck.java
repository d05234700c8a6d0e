package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.routes.DeadLetterCause;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the values of alarm tags into {@code alarm} records when an alarm is raised (or its code changes) or cleared:
 * a Boolean tag is active when true, an integer tag when not 0 (its value is the alarm code). The same state reported
 * again records nothing; an inactive alarm seen first (the current value on connect) records nothing either.
 */
public final class AlarmCheck {

    private final LineDefinition line;
    private final BatchLifecycle lifecycle;
    /** alarm name -> its last value: Boolean, or the Long code. */
    private final Map<String, Object> last = new HashMap<>();

    public AlarmCheck(LineDefinition line, BatchLifecycle lifecycle) {
        this.line = line;
        this.lifecycle = lifecycle;
    }

    /** Takes up the alarms' last states from the line's history, so an alarm still active is not raised twice. */
    public synchronized void resume(List<RecordDraft> history) {
        for (RecordDraft draft : history) {
            if (RecordTypes.ALARM.equals(draft.type()) && draft.fields().get("alarm") instanceof String name) {
                Object value = draft.fields().get("value");
                last.put(name, value instanceof Number code ? (Object) code.longValue() : value);
            }
        }
    }

    /** The alarm record of a change, or null when the alarm's state did not change. */
    public synchronized RecordDraft change(ProductionEvent event) {
        String name = line.alarmOf(event.tag()).orElseThrow(() -> new RuleViolation(DeadLetterCause.OTHER,
                event.tag() + " of line " + event.lineId() + " is no alarm tag"));
        Object value = event.value();
        boolean active;
        if (value instanceof Boolean flag) {
            active = flag;
        } else if (value instanceof Number code && code.doubleValue() == code.longValue()) {
            value = code.longValue();
            active = code.longValue() != 0;
        } else {
            throw new RuleViolation(DeadLetterCause.WRONG_VALUE, "alarm " + name + " (" + event.tag() + ") of line "
                    + event.lineId() + " must be a Boolean or an integer code, got " + value);
        }
        Object before = last.put(name, value);
        if (value.equals(before) || before == null && !active) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("alarm", name);
        fields.put("tag", event.tag());
        fields.put("state", active ? RecordTypes.ALARM_RAISED : RecordTypes.ALARM_CLEARED);
        fields.put("value", value);
        fields.put("sourceTime", event.sourceTime().toString());
        String batch = lifecycle.batchAt(event.lineId(), event.sourceTime()).map(BatchLifecycle.BatchRef::id)
                .orElse(null);
        return new RecordDraft(event.lineId(), RecordTypes.ALARM, batch, fields);
    }
}
