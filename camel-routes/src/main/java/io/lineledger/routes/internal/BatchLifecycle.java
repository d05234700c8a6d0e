package io.lineledger.routes.internal;

import io.lineledger.model.LineRecord;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
     * The batch announced last starts: its {@code batch-started} draft, preceded by a {@code batch-completed} draft
     * closing the batch that was still running when its Complete state was never seen (lost while disconnected);
     * empty when the announced batch already runs (the same state reported again, e.g. after a reconnect).
     */
    public synchronized List<RecordDraft> started(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.announcedBatch == null) {
            throw new RuleViolation("batch state Running on line " + event.lineId() + " but no batchId was announced");
        }
        if (line.announcedBatch.equals(line.runningBatch)) {
            return List.of();
        }
        List<RecordDraft> drafts = new ArrayList<>(2);
        if (line.runningBatch != null) {
            drafts.add(interrupted(event.lineId(), line));
        }
        line.runningBatch = line.announcedBatch;
        line.runningProduct = line.product;
        line.runningSince = event.sourceTime();
        line.passed = 0;
        line.failed = 0;
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", line.runningProduct);
        fields.put("sourceTime", event.sourceTime().toString());
        drafts.add(new RecordDraft(event.lineId(), BATCH_STARTED, line.runningBatch, fields));
        return drafts;
    }

    /** Closes a batch whose end was not seen: what was recorded of it, never PASS. */
    private static RecordDraft interrupted(String lineId, LineState line) {
        Map<String, Object> fields = countsOf(line);
        fields.put("interrupted", true);
        fields.put("verdict", line.failed > 0 ? QualityCheck.FAIL : INCOMPLETE);
        return new RecordDraft(lineId, BATCH_COMPLETED, line.runningBatch, fields);
    }

    /**
     * Takes up a batch that was running when the rules last stopped (its records so far, in order, starting with
     * {@code batch-started}), so that a restart neither starts it twice nor forgets its counts.
     */
    public synchronized void resume(String lineId, List<LineRecord> batchRecords) {
        if (batchRecords.isEmpty() || !BATCH_STARTED.equals(batchRecords.get(0).type())
                || batchRecords.stream().anyMatch(r -> BATCH_COMPLETED.equals(r.type()))) {
            return;
        }
        LineRecord startedRecord = batchRecords.get(0);
        LineState line = state(lineId);
        line.announcedBatch = startedRecord.batchId();
        line.runningBatch = startedRecord.batchId();
        line.product = startedRecord.fields().get("product") instanceof String p ? p : null;
        line.runningProduct = line.product;
        line.runningSince = startedRecord.fields().get("sourceTime") instanceof String t
                ? Instant.parse(t) : startedRecord.recordedAt();
        line.passed = 0;
        line.failed = 0;
        batchRecords.forEach(this::recorded);
    }

    /** The running batch completes: a {@code batch-completed} draft with its counts, or null when none runs. */
    public synchronized RecordDraft completed(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.runningBatch == null) {
            return null;
        }
        Map<String, Object> fields = countsOf(line);
        long observed = line.passed + line.failed;
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

    /** What a {@code batch-completed} record says of the running batch in any case: product and part counts. */
    private static Map<String, Object> countsOf(LineState line) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", line.runningProduct);
        fields.put("parts", line.passed + line.failed);
        fields.put("passed", line.passed);
        fields.put("failed", line.failed);
        return fields;
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
