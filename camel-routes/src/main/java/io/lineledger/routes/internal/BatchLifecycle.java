package io.lineledger.routes.internal;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What each line is doing: the batch id and product last announced, the batch that runs, and how many of its
 * parts passed and failed. Counts come from records already stored ({@link #recorded}), so a record that
 * failed to store is not counted.
 */
public final class BatchLifecycle {

    static final String BATCH_STARTED = "batch-started";
    static final String BATCH_COMPLETED = "batch-completed";
    /** Verdict of a batch with parts that no quality record covers. */
    static final String INCOMPLETE = "INCOMPLETE";

    private final Map<String, LineState> lines = new HashMap<>();

    private static final class LineState {
        String announcedBatch;
        String product;
        String runningBatch;
        String runningProduct;
        /** The PLC's time of the Running state: values measured before it belong to an earlier batch. */
        Instant runningSince;
        long passed;
        long failed;
        /** Parts of the current batch as the PLC counts them; null until it reports any. */
        Long partsReported;
    }

    public synchronized void batchId(ProductionEvent event) {
        String value = text(event);
        state(event.lineId()).announcedBatch = value == null || value.isBlank() ? null : value;
    }

    public synchronized void product(ProductionEvent event) {
        state(event.lineId()).product = text(event);
    }

    /** The PLC's own part count of the current batch, to tell whether every part was seen. */
    public synchronized void partCount(ProductionEvent event) {
        if (!(event.value() instanceof Number count) || count.longValue() < 0) {
            throw new RuleViolation("partCount of line " + event.lineId() + " must be a whole number >= 0, got "
                    + event.value());
        }
        state(event.lineId()).partsReported = count.longValue();
    }

    /**
     * The batch announced last starts: a {@code batch-started} draft, or null when that batch already runs
     * (the same state reported again, e.g. after a reconnect).
     */
    public synchronized RecordDraft started(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.announcedBatch == null) {
            throw new RuleViolation("batch state Running on line " + event.lineId() + " but no batchId was announced");
        }
        if (line.announcedBatch.equals(line.runningBatch)) {
            return null;
        }
        line.runningBatch = line.announcedBatch;
        line.runningProduct = line.product;
        line.runningSince = event.sourceTime();
        line.passed = 0;
        line.failed = 0;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", line.runningProduct);
        return new RecordDraft(event.lineId(), BATCH_STARTED, line.runningBatch, fields);
    }

    /** The running batch completes: a {@code batch-completed} draft with its counts, or null when none runs. */
    public synchronized RecordDraft completed(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.runningBatch == null) {
            return null;
        }
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", line.runningProduct);
        long observed = line.passed + line.failed;
        fields.put("parts", observed);
        fields.put("passed", line.passed);
        fields.put("failed", line.failed);
        // Parts the PLC made but no quality record covers (joined mid-batch, lost values): such a batch cannot
        // be certified PASS, only a failed part makes it FAIL.
        long unobserved = line.partsReported == null ? 0 : Math.max(0, line.partsReported - observed);
        if (line.partsReported != null) {
            fields.put("partsReported", line.partsReported);
        }
        if (unobserved > 0) {
            fields.put("unobserved", unobserved);
        }
        fields.put("verdict", line.failed > 0 ? QualityCheck.FAIL : unobserved > 0 ? INCOMPLETE : QualityCheck.PASS);
        RecordDraft draft = new RecordDraft(event.lineId(), BATCH_COMPLETED, line.runningBatch, fields);
        line.runningBatch = null;
        line.runningProduct = null;
        return draft;
    }

    public synchronized Optional<String> runningBatch(String lineId) {
        return Optional.ofNullable(state(lineId).runningBatch);
    }

    /** When the running batch started by the PLC's clock, if one runs. */
    public synchronized Optional<Instant> runningSince(String lineId) {
        LineState line = state(lineId);
        return line.runningBatch == null ? Optional.empty() : Optional.of(line.runningSince);
    }

    /** Counts a stored quality record towards its batch's verdict. */
    public synchronized LineRecord recorded(LineRecord record) {
        LineState line = state(record.lineId());
        if (QualityCheck.QUALITY.equals(record.type()) && record.batchId() != null
                && record.batchId().equals(line.runningBatch)) {
            if (QualityCheck.PASS.equals(record.fields().get("verdict"))) {
                line.passed++;
            } else {
                line.failed++;
            }
        }
        return record;
    }

    private LineState state(String lineId) {
        return lines.computeIfAbsent(lineId, id -> new LineState());
    }

    private static String text(ProductionEvent event) {
        Object value = event.value();
        if (value != null && !(value instanceof String)) {
            throw new RuleViolation(event.tag() + " of line " + event.lineId() + " must be a string, got "
                    + value.getClass().getSimpleName() + " " + value);
        }
        return (String) value;
    }
}
