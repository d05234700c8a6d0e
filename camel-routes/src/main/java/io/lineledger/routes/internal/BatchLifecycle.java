package io.lineledger.routes.internal;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.Verdict;
import io.lineledger.routes.DeadLetterCause;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What each line is doing: the batch id and product last announced, the batch that runs, and the evidence of its
 * verdict (parts passed and failed, the PLC's part count, refused measurements, gaps). Counts come from drafts the
 * appender accepted ({@link #accepted}: stored, or held durably until the store takes them).
 *
 * <p>A Complete state is held, not acted on at once: one publish may deliver the batch's last weight and part
 * count after its Complete. The batch is completed once the line's clock has passed the Complete (an event with a
 * later source time), when the next batch starts, or after a grace time without events ({@link #releaseOverdue}).
 */
public final class BatchLifecycle {

    /** The tags the lifecycle reads; every other tag is a measurement. */
    static final Set<String> LIFECYCLE_TAGS = Set.of("batchId", "product", "batchState", "partCount");

    private final Clock clock;
    private final Duration completeHold;
    private final Map<String, LineState> lines = new HashMap<>();

    public BatchLifecycle(Clock clock, Duration completeHold) {
        this.clock = clock;
        this.completeHold = completeHold;
    }

    private static final class LineState {
        String announcedBatch;
        String product;
        Batch running;
        /** Complete was seen: held until the line's clock passes {@link Batch#completeAt}. */
        Batch completing;
        /** The batch completed last: its id reported again (on reconnect) announces nothing. */
        String lastFinished;
    }

    private static final class Batch {
        final String id;
        final String product;
        /** The PLC's time of the Running state: values measured before it belong to an earlier batch. */
        final Instant since;
        Instant completeAt;
        /** Its end was inferred (the next batch's id came while it ran), not seen: closed as interrupted. */
        boolean endUnseen;
        /** LineLedger's time at which the Complete arrived, for the grace time. */
        Instant completeSeenAt;
        long passed;
        long failed;
        /** Parts of the batch as the PLC counts them; null until it reports any. */
        Long partsReported;
        long dropped;
        String lastDrop;
        final Set<String> gaps = new LinkedHashSet<>();
        /** tag|sourceTime|value of each quality record: a notification delivered twice is recorded once. */
        final Set<String> measured = new HashSet<>();

        Batch(String id, String product, Instant since) {
            this.id = id;
            this.product = product;
            this.since = since;
        }

        boolean covers(Instant sourceTime) {
            return !sourceTime.isBefore(since) && (completeAt == null || !sourceTime.isAfter(completeAt));
        }
    }

    public synchronized void batchId(ProductionEvent event) {
        String value = text(event);
        LineState line = state(event.lineId());
        line.announcedBatch = value == null || value.isBlank() || value.equals(line.lastFinished) ? null : value;
        Batch running = line.running;
        if (line.announcedBatch != null && running != null && line.completing == null
                && !line.announcedBatch.equals(running.id) && event.sourceTime().isAfter(running.since)) {
            // another batch's id while this one runs: its Complete (and maybe more) happened while the line was not
            // observed. It ended by the id's time at the latest; values measured later are not its values.
            running.completeAt = event.sourceTime();
            running.completeSeenAt = clock.instant();
            running.endUnseen = true;
            line.completing = running;
            line.running = null;
        }
    }

    public synchronized void product(ProductionEvent event) {
        state(event.lineId()).product = text(event);
    }

    /** The PLC's own part count of the batch that ran at the value's source time, to tell whether every part was seen. */
    public synchronized void partCount(ProductionEvent event) {
        if (!(event.value() instanceof Number count) || count.longValue() < 0) {
            throw new RuleViolation(DeadLetterCause.WRONG_VALUE, "partCount of line " + event.lineId()
                    + " must be a whole number >= 0, got " + event.value());
        }
        Batch batch = batchAt(state(event.lineId()), event.sourceTime());
        if (batch != null) {
            batch.partsReported = count.longValue();
        }
    }

    /**
     * The batch announced last starts: its {@code batch-started} draft, preceded by the {@code batch-completed} draft
     * of a batch whose Complete is held, or of one still running whose Complete was never seen (interrupted); empty
     * when the batch already runs (the same state reported again, e.g. after a reconnect).
     */
    public synchronized List<RecordDraft> started(ProductionEvent event) {
        LineState line = state(event.lineId());
        String announced = line.announcedBatch;
        if (announced == null || line.running != null && announced.equals(line.running.id)) {
            if (line.running != null) {
                line.announcedBatch = null;
                return List.of();
            }
            throw new RuleViolation(DeadLetterCause.NO_BATCH_ANNOUNCED, "batch state Running on line "
                    + event.lineId() + " but no new batchId was announced");
        }
        List<RecordDraft> drafts = new ArrayList<>(3);
        if (line.completing != null) {
            drafts.add(release(event.lineId(), line));
        }
        if (line.running != null) {
            drafts.add(completion(event.lineId(), line.running, true));
            line.lastFinished = line.running.id;
        }
        // a stale id must never start a batch again: the next batch needs its own announcement
        line.announcedBatch = null;
        line.running = new Batch(announced, line.product, event.sourceTime());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", line.running.product);
        fields.put("sourceTime", event.sourceTime().toString());
        drafts.add(new RecordDraft(event.lineId(), RecordTypes.BATCH_STARTED, announced, fields));
        return drafts;
    }

    /** The running batch's Complete: held until the line's clock passes it; nothing to record yet. */
    public synchronized void completed(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.running == null) {
            return;
        }
        line.running.completeAt = event.sourceTime();
        line.running.completeSeenAt = clock.instant();
        line.completing = line.running;
        line.running = null;
    }

    /** The held completion, once an event measured after it shows the line has moved on; null otherwise. */
    public synchronized RecordDraft releasePassed(String lineId, Instant sourceTime) {
        LineState line = state(lineId);
        if (line.completing == null || !sourceTime.isAfter(line.completing.completeAt)) {
            return null;
        }
        return release(lineId, line);
    }

    /** Held completions whose grace time is over (no event has come since), for the rules' timer. */
    public synchronized List<RecordDraft> releaseOverdue() {
        Instant now = clock.instant();
        List<RecordDraft> drafts = new ArrayList<>();
        lines.forEach((lineId, line) -> {
            if (line.completing != null && !now.isBefore(line.completing.completeSeenAt.plus(completeHold))) {
                drafts.add(release(lineId, line));
            }
        });
        return drafts;
    }

    /** Every held completion now, whatever the time: the rules stop, and a late value could not be read anyway. */
    public synchronized List<RecordDraft> releaseAll() {
        List<RecordDraft> drafts = new ArrayList<>();
        lines.forEach((lineId, line) -> {
            if (line.completing != null) {
                drafts.add(release(lineId, line));
            }
        });
        return drafts;
    }

    private static RecordDraft release(String lineId, LineState line) {
        RecordDraft draft = completion(lineId, line.completing, line.completing.endUnseen);
        line.lastFinished = line.completing.id;
        line.completing = null;
        return draft;
    }

    /**
     * The batch a measurement belongs to: the one that ran at its source time (also a completed one whose
     * completion is still held). Refuses it when none ran then.
     */
    public synchronized String batchOf(ProductionEvent event) {
        LineState line = state(event.lineId());
        Batch batch = batchAt(line, event.sourceTime());
        if (batch != null) {
            return batch.id;
        }
        if (line.running != null) {
            throw new RuleViolation(DeadLetterCause.BEFORE_BATCH_START, event.tag() + " " + event.value()
                    + " on line " + event.lineId() + " was measured at " + event.sourceTime() + ", before batch "
                    + line.running.id + " started at " + line.running.since);
        }
        throw new RuleViolation(DeadLetterCause.NO_BATCH_RUNNING, event.tag() + " " + event.value() + " on line "
                + event.lineId() + " while no batch is running");
    }

    /** Whether the batch already has a quality record of this notification (same tag, source time and value). */
    public synchronized boolean alreadyMeasured(String lineId, String batchId, String tag, Instant sourceTime,
                                                double value) {
        Batch batch = batchNamed(state(lineId), batchId);
        return batch != null && batch.measured.contains(measurementKey(tag, sourceTime, value));
    }

    /** A measurement of the line was refused: the batch that ran at its source time is missing evidence. */
    public synchronized void dropped(ProductionEvent event, String reason) {
        Batch batch = batchAt(state(event.lineId()), event.sourceTime());
        if (batch != null) {
            batch.dropped++;
            batch.lastDrop = reason;
        }
    }

    /** The line was not observed for a while: a batch that ran then cannot vouch for every part. */
    public synchronized void gap(ObservationGap gap) {
        LineState line = state(gap.lineId());
        for (Batch batch : new Batch[] {line.completing, line.running}) {
            if (batch != null && gap.touches(batch.since, batch.completeAt == null ? Instant.MAX : batch.completeAt)) {
                batch.gaps.add("gap " + gap.cause() + " from " + gap.from() + " to " + gap.to()
                        + (gap.detail().isEmpty() ? "" : " (" + gap.detail() + ")"));
            }
        }
    }

    /**
     * Takes up the line's history when the rules start (its last batch's records so far, then drafts still held for
     * the store, in order), so that a restart neither starts a batch twice nor forgets its counts or the
     * notifications already recorded. The PLC's part count is not in the records: it is unknown until the PLC
     * reports it again.
     */
    public synchronized void resume(String lineId, List<RecordDraft> history) {
        LineState line = state(lineId);
        for (RecordDraft draft : history) {
            switch (draft.type()) {
                case RecordTypes.BATCH_STARTED -> {
                    String product = draft.fields().get("product") instanceof String p ? p : null;
                    Instant since = draft.fields().get("sourceTime") instanceof String t ? Instant.parse(t) : Instant.EPOCH;
                    line.running = new Batch(draft.batchId(), product, since);
                    line.product = product;
                }
                case RecordTypes.BATCH_COMPLETED -> {
                    if (line.running != null && line.running.id.equals(draft.batchId())) {
                        line.running = null;
                    }
                    line.lastFinished = draft.batchId();
                }
                default -> accepted(draft);
            }
        }
        line.announcedBatch = null;
    }

    /** Counts a draft the appender accepted (stored or held) towards its batch's verdict. */
    public synchronized RecordDraft accepted(RecordDraft draft) {
        if (RecordTypes.QUALITY.equals(draft.type())) {
            Batch batch = batchNamed(state(draft.lineId()), draft.batchId());
            if (batch != null) {
                if (Verdict.PASS.name().equals(draft.fields().get("verdict"))) {
                    batch.passed++;
                } else {
                    batch.failed++;
                }
                Map<String, Object> f = draft.fields();
                if (f.get("sourceTime") instanceof String time && f.get("value") instanceof Number value) {
                    batch.measured.add(measurementKey(f.get("station") + "." + f.get("characteristic"),
                            Instant.parse(time), value.doubleValue()));
                }
            }
        }
        return draft;
    }

    /** The batch running now, or the one whose Complete is held. */
    public synchronized Optional<String> runningBatch(String lineId) {
        LineState line = state(lineId);
        Batch batch = line.running != null ? line.running : line.completing;
        return Optional.ofNullable(batch).map(b -> b.id);
    }

    static String measurementKey(String tag, Instant sourceTime, double value) {
        return tag + "|" + sourceTime + "|" + value;
    }

    /**
     * The {@code batch-completed} draft of a batch: its counts, verdict and, when it cannot vouch for every part,
     * the reasons. FAIL when a part failed; INCOMPLETE when evidence is missing; PASS only with full evidence.
     */
    private static RecordDraft completion(String lineId, Batch batch, boolean interrupted) {
        long observed = batch.passed + batch.failed;
        long unobserved = batch.partsReported == null ? 0 : Math.max(0, batch.partsReported - observed);
        List<String> reasons = new ArrayList<>();
        if (interrupted) {
            reasons.add("interrupted: the end of the batch was not observed");
        }
        if (observed == 0) {
            reasons.add("no quality records");
        }
        if (batch.partsReported == null) {
            reasons.add("part count unknown: the PLC reported none for this batch");
        } else if (unobserved > 0) {
            reasons.add(unobserved + " of " + batch.partsReported + " parts the PLC counted have no quality record");
        }
        if (batch.dropped > 0) {
            reasons.add(batch.dropped + " measurement(s) of the batch refused; last: " + batch.lastDrop);
        }
        reasons.addAll(batch.gaps);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", batch.product);
        fields.put("parts", observed);
        fields.put("passed", batch.passed);
        fields.put("failed", batch.failed);
        if (batch.partsReported != null) {
            fields.put("partsReported", batch.partsReported);
        }
        if (unobserved > 0) {
            fields.put("unobserved", unobserved);
        }
        if (interrupted) {
            fields.put("interrupted", true);
        }
        Verdict verdict = batch.failed > 0 ? Verdict.FAIL : reasons.isEmpty() ? Verdict.PASS : Verdict.INCOMPLETE;
        fields.put("verdict", verdict.name());
        fields.put("reasons", reasons);
        return new RecordDraft(lineId, RecordTypes.BATCH_COMPLETED, batch.id, fields);
    }

    private static Batch batchAt(LineState line, Instant sourceTime) {
        if (line.completing != null && line.completing.covers(sourceTime)) {
            return line.completing;
        }
        if (line.running != null && line.running.covers(sourceTime)) {
            return line.running;
        }
        return null;
    }

    private static Batch batchNamed(LineState line, String batchId) {
        if (batchId == null) {
            return null;
        }
        if (line.running != null && batchId.equals(line.running.id)) {
            return line.running;
        }
        return line.completing != null && batchId.equals(line.completing.id) ? line.completing : null;
    }

    private LineState state(String lineId) {
        return lines.computeIfAbsent(lineId, id -> new LineState());
    }

    private static String text(ProductionEvent event) {
        Object value = event.value();
        if (value != null && !(value instanceof String)) {
            throw new RuleViolation(DeadLetterCause.WRONG_VALUE, event.tag() + " of line " + event.lineId()
                    + " must be a string, got " + value.getClass().getSimpleName() + " " + value);
        }
        return (String) value;
    }
}
