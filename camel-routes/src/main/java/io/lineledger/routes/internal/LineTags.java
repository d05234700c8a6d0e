package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.internal.LineDefinition.Batch;

/**
 * What a tag of the line is, by the line's configuration, for the route files to decide on: its role
 * ({@link #roleOf}) and, for the tag a batch boundary reads, what the value does to the batch ({@link #boundaryOf}).
 */
public final class LineTags {

    private final LineDefinition line;

    public LineTags(LineDefinition line) {
        this.line = line;
    }

    /**
     * {@code batchId}, {@code product}, {@code recipe}, {@code batchState}, {@code totalCount}, {@code goodCount},
     * {@code rejectCount}, {@code characteristic}, {@code alarm}, or {@code none} for a tag without a role.
     */
    public String roleOf(ProductionEvent event) {
        String tag = event.tag();
        Batch batch = line.batch();
        if (tag.equals(batch.idTag())) {
            return "batchId";
        }
        if (tag.equals(batch.stateTag())) {
            return "batchState";
        }
        if (tag.equals(batch.productTag())) {
            return "product";
        }
        if (tag.equals(batch.recipeTag())) {
            return "recipe";
        }
        if (tag.equals(line.totalCounter())) {
            return "totalCount";
        }
        if (tag.equals(line.goodCounter())) {
            return "goodCount";
        }
        if (tag.equals(line.rejectCounter())) {
            return "rejectCount";
        }
        if (line.characteristicOf(tag).isPresent()) {
            return "characteristic";
        }
        return line.alarmOf(tag).isPresent() ? "alarm" : "none";
    }

    /** Whether a refused value of this tag was a measurement its batch is missing. */
    public boolean isMeasurement(String tag) {
        return line.characteristicOf(tag).isPresent();
    }

    /**
     * What a value of the boundary's tag does: {@code start} (the announced batch starts, or the running one goes
     * on), {@code complete}, {@code interrupt} (ends as interrupted), {@code next} (idChange: the batch id changed)
     * or {@code none}.
     */
    public String boundaryOf(ProductionEvent event) {
        Batch batch = line.batch();
        switch (batch.boundary()) {
            case ID_CHANGE:
                return event.tag().equals(batch.idTag()) ? "next" : "none";
            case STATE:
                if (!event.tag().equals(batch.stateTag())) {
                    return "none";
                }
                if (!(event.value() instanceof String state)) {
                    throw wrong(event, "a string state");
                }
                return batch.startValues().contains(state) ? "start" : batch.endValues().contains(state) ? "complete"
                        : batch.abortValues().contains(state) ? "interrupt" : "none";
            case PACKML:
                if (!event.tag().equals(batch.stateTag())) {
                    return "none";
                }
                if (!(event.value() instanceof Number code) || code.doubleValue() != code.longValue()) {
                    throw wrong(event, "a PackML state code (Int32)");
                }
                long state = code.longValue();
                return state == LineDefinitions.PACKML_EXECUTE ? "start"
                        : state == LineDefinitions.PACKML_COMPLETE ? "complete"
                        : state == LineDefinitions.PACKML_ABORTED || state == LineDefinitions.PACKML_STOPPED
                        ? "interrupt" : "none";
            case FLAG:
                if (!event.tag().equals(batch.stateTag())) {
                    return "none";
                }
                if (!(event.value() instanceof Boolean flag)) {
                    throw wrong(event, "a Boolean");
                }
                return flag ? "start" : "complete";
            default:
                return "none";
        }
    }

    private RuleViolation wrong(ProductionEvent event, String expected) {
        return new RuleViolation(DeadLetterCause.WRONG_VALUE, event.tag() + " of line " + event.lineId()
                + " must be " + expected + " (batch.boundary " + line.batch().boundary().name().toLowerCase()
                + "), got " + (event.value() == null ? "null" : event.value().getClass().getSimpleName() + " "
                + event.value()));
    }
}
