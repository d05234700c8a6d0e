package io.lineledger.routes.internal;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.Verdict;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.internal.LineDefinition.Boundary;
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
 * What each line is doing: the batch id, product and recipe last announced, the batch that runs, and the evidence of
 * its verdict (values passed and failed per characteristic, the PLC's part counters, refused measurements, gaps).
 * Counts come from drafts the appender accepted ({@link #accepted}: stored, or held durably until the store takes
 * them), so a restart rebuilds them from the store ({@link #resume}).
 *
 * <p>How a batch starts and ends is the line's configured boundary; the route files call {@link #started},
 * {@link #completed}, {@link #interrupted} or {@link #next} as {@link LineTags#boundaryOf} decides. A completion is
 * held, not acted on at once: one publish may deliver the batch's last values and counts after its end. The batch is
 * completed once the line's clock has passed its end (an event with a later source time), when the next batch
 * starts, or after a grace time without events ({@link #releaseOverdue}).
 */
public final class BatchLifecycle {

    static final String TOTAL = "total";
    static final String GOOD = "good";
    static final String REJECT = "reject";

    private final LineDefinition definition;
    private final Clock clock;
    private final Duration completeHold;
    private final Map<String, LineState> lines = new HashMap<>();

    public BatchLifecycle(LineDefinition definition, Clock clock, Duration completeHold) {
        this.definition = definition;
        this.clock = clock;
        this.completeHold = completeHold;
    }

    /** The batch a value belongs to, as the quality check and the alarms need it. */
    public record BatchRef(String id, String product, String recipe) {
    }

    private static final class LineState {
        String announcedBatch;
        String product;
        String recipe;
        Batch running;
        /** Its end was seen: held until the line's clock passes {@link Batch#completeAt}. */
        Batch completing;
        /** idChange: the batch whose id ended {@link #completing}; it starts when that completion is recorded. */
        Batch pendingStart;
        /** The batch completed last: its id reported again (on reconnect) announces nothing. */
        String lastFinished;
        /** The line's last value of each part counter, to tell a reset before a batch starts. */
        final Map<String, Long> lastCounts = new HashMap<>();
        /** The latest intervals in which nothing of the line was observed (see {@link #BLIND_CAUSES}). */
        final List<ObservationGap> blind = new ArrayList<>();
        /** Notifications recorded without a batch, to record each once. */
        final Set<Measurement> measuredWithoutBatch = new LinkedHashSet<>();
    }

    /** Gaps in which the line was not observed at all: a batch may have ended and others run meanwhile. */
    private static final Set<String> BLIND_CAUSES = Set.of(ObservationGap.CAUSE_LINELEDGER_DOWN,
            ObservationGap.CAUSE_SESSION_LOST, ObservationGap.CAUSE_SUBSCRIPTION_LOST);
    private static final int BLIND_KEPT = 16;
    private static final int MEASURED_WITHOUT_BATCH_KEPT = 4096;

    private static final class Batch {
        final String id;
        final String product;
        final String recipe;
        /** The PLC's time of the start: values measured before it belong to an earlier batch. */
        final Instant since;
        Instant completeAt;
        /** Why it ended as interrupted (its end unseen, or an abort state), or null. */
        String interruption;
        /** LineLedger's time at which the end arrived, for the grace time. */
        Instant completeSeenAt;
        long passed;
        long failed;
        long alarms;
        /** The PLC's part counters of the batch (total, good, reject) as last reported. */
        final Map<String, Long> counts = new HashMap<>();
        long dropped;
        String lastDrop;
        final Set<String> gaps = new LinkedHashSet<>();
        /** Characteristic, source time and value of each quality record: a notification twice is recorded once. */
        final Set<Measurement> measured = new HashSet<>();
        final Map<String, CharacteristicStats> stats = new LinkedHashMap<>();

        Batch(String id, String product, String recipe, Instant since) {
            this.id = id;
            this.product = product;
            this.recipe = recipe;
            this.since = since;
        }

        boolean covers(Instant sourceTime) {
            return !sourceTime.isBefore(since) && (completeAt == null || !sourceTime.isAfter(completeAt));
        }

        BatchRef ref() {
            return new BatchRef(id, product, recipe);
        }
    }

    public synchronized void batchId(ProductionEvent event) {
        String value = text(event);
        LineState line = state(event.lineId());
        line.announcedBatch = value == null || value.isBlank() || value.equals(line.lastFinished) ? null : value;
        Batch running = line.running;
        if (running != null && running.id.equals(value)) {
            // reported again after a gap: the batch ran on through it (its id was never replaced), so values
            // measured inside the gap are its own again
            line.blind.clear();
        }
        if (definition.batch().boundary() != Boundary.ID_CHANGE && line.announcedBatch != null && running != null
                && line.completing == null && !line.announcedBatch.equals(running.id)
                && event.sourceTime().isAfter(running.since)) {
            // another batch's id while this one runs: its end (and maybe more) happened while the line was not
            // observed. It ended by the id's time at the latest; values measured later are not its values.
            end(line, running, event.sourceTime(), "interrupted: the end of the batch was not observed");
        }
    }

    public synchronized void product(ProductionEvent event) {
        state(event.lineId()).product = text(event);
    }

    public synchronized void recipe(ProductionEvent event) {
        state(event.lineId()).recipe = text(event);
    }

    /** The PLC's count of parts made in the batch that ran at the value's source time. */
    public synchronized void totalCount(ProductionEvent event) {
        count(event, TOTAL);
    }

    /** The PLC's count of good parts. */
    public synchronized void goodCount(ProductionEvent event) {
        count(event, GOOD);
    }

    /** The PLC's count of rejected parts. */
    public synchronized void rejectCount(ProductionEvent event) {
        count(event, REJECT);
    }

    private void count(ProductionEvent event, String counter) {
        if (!(event.value() instanceof Number count) || count.doubleValue() != count.longValue()
                || count.longValue() < 0) {
            throw new RuleViolation(DeadLetterCause.WRONG_VALUE, event.tag() + " of line " + event.lineId()
                    + " must be a whole number >= 0, got " + event.value());
        }
        LineState line = state(event.lineId());
        line.lastCounts.put(counter, count.longValue());
        Batch batch = batchAt(line, event.sourceTime());
        if (batch != null) {
            batch.counts.put(counter, count.longValue());
        }
    }

    /**
     * The batch announced last starts: its {@code batch-started} draft, preceded by the {@code batch-completed} draft
     * of a batch whose end is held, or of one still running whose end was never seen (interrupted); empty when the
     * batch already runs (the same state reported again, e.g. after a reconnect, or PackML Execute after Held).
     */
    public synchronized List<RecordDraft> started(ProductionEvent event) {
        LineState line = state(event.lineId());
        String announced = line.announcedBatch;
        if (announced == null || line.running != null && announced.equals(line.running.id)) {
            if (line.running != null) {
                line.announcedBatch = null;
                return List.of();
            }
            throw new RuleViolation(DeadLetterCause.NO_BATCH_ANNOUNCED, "batch state " + event.value() + " on line "
                    + event.lineId() + " but no new batch id was announced");
        }
        List<RecordDraft> drafts = new ArrayList<>(3);
        if (line.completing != null) {
            drafts.addAll(release(event.lineId(), line));
        }
        if (line.running != null) {
            line.running.interruption = "interrupted: the end of the batch was not observed";
            drafts.add(completion(event.lineId(), line.running));
            line.lastFinished = line.running.id;
        }
        // a stale id must never start a batch again: the next batch needs its own announcement
        line.announcedBatch = null;
        line.running = newBatch(line, announced, event.sourceTime());
        drafts.add(startedDraft(event.lineId(), line.running));
        return drafts;
    }

    /** The running batch's end: held until the line's clock passes it; nothing to record yet. */
    public synchronized void completed(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.running != null) {
            end(line, line.running, event.sourceTime(), null);
        }
    }

    /** The running batch ends as interrupted (an abort or stop state); held like a completion. */
    public synchronized void interrupted(ProductionEvent event) {
        LineState line = state(event.lineId());
        if (line.running != null) {
            end(line, line.running, event.sourceTime(), "interrupted: " + event.tag() + " = " + event.value());
        }
    }

    /**
     * idChange: a new batch id ends the running batch (held like a completion; the new batch starts when it is
     * recorded) and starts the next; an empty id ends it. The running, held or last finished batch's id reported
     * again changes nothing. Returns what can be recorded now.
     */
    public synchronized List<RecordDraft> next(ProductionEvent event) {
        String id = text(event);
        LineState line = state(event.lineId());
        line.announcedBatch = null;
        if (line.running != null && line.running.id.equals(id)
                || line.completing != null && line.completing.id.equals(id)
                || line.pendingStart != null && line.pendingStart.id.equals(id)
                || id != null && id.equals(line.lastFinished)) {
            return List.of();
        }
        if (id == null || id.isBlank()) {
            completed(event);
            return List.of();
        }
        List<RecordDraft> drafts = new ArrayList<>(3);
        if (line.running == null && line.completing != null) {
            drafts.addAll(release(event.lineId(), line)); // may start the batch whose start waited for it
        }
        Batch next = newBatch(line, id, event.sourceTime());
        if (line.running != null) {
            end(line, line.running, event.sourceTime(), null);
            line.pendingStart = next;
            return drafts;
        }
        line.running = next;
        drafts.add(startedDraft(event.lineId(), next));
        return drafts;
    }

    private void end(LineState line, Batch batch, Instant at, String interruption) {
        batch.completeAt = at;
        batch.completeSeenAt = clock.instant();
        batch.interruption = interruption;
        line.completing = batch;
        line.running = null;
    }

    private static Batch newBatch(LineState line, String id, Instant since) {
        Batch batch = new Batch(id, line.product, line.recipe, since);
        // a counter reset to 0 before the start is the new batch's count: it will not be reported again
        line.lastCounts.forEach((counter, value) -> {
            if (value == 0) {
                batch.counts.put(counter, 0L);
            }
        });
        return batch;
    }

    private RecordDraft startedDraft(String lineId, Batch batch) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", batch.product);
        if (definition.batch().recipeTag() != null) {
            fields.put("recipe", batch.recipe);
        }
        fields.put("sourceTime", batch.since.toString());
        return new RecordDraft(lineId, RecordTypes.BATCH_STARTED, batch.id, fields);
    }

    /** The held completion, once an event measured after it shows the line has moved on; empty otherwise. */
    public synchronized List<RecordDraft> releasePassed(String lineId, Instant sourceTime) {
        LineState line = state(lineId);
        if (line.completing == null || !sourceTime.isAfter(line.completing.completeAt)) {
            return List.of();
        }
        return release(lineId, line);
    }

    /** Held completions whose grace time is over (no event has come since), for the rules' timer. */
    public synchronized List<RecordDraft> releaseOverdue() {
        Instant now = clock.instant();
        List<RecordDraft> drafts = new ArrayList<>();
        lines.forEach((lineId, line) -> {
            if (line.completing != null && !now.isBefore(line.completing.completeSeenAt.plus(completeHold))) {
                drafts.addAll(release(lineId, line));
            }
        });
        return drafts;
    }

    /** Every held completion now, whatever the time: the rules stop, and a late value could not be read anyway. */
    public synchronized List<RecordDraft> releaseAll() {
        List<RecordDraft> drafts = new ArrayList<>();
        lines.forEach((lineId, line) -> {
            if (line.completing != null) {
                drafts.addAll(release(lineId, line));
            }
        });
        return drafts;
    }

    private List<RecordDraft> release(String lineId, LineState line) {
        List<RecordDraft> drafts = new ArrayList<>(2);
        drafts.add(completion(lineId, line.completing));
        line.lastFinished = line.completing.id;
        line.completing = null;
        if (line.pendingStart != null) {
            line.running = line.pendingStart;
            line.pendingStart = null;
            drafts.add(startedDraft(lineId, line.running));
        }
        return drafts;
    }

    /**
     * The batch a measurement belongs to: the one that ran at its source time (also a completed one whose
     * completion is still held). Refuses it when none ran then.
     */
    public synchronized BatchRef batchOf(ProductionEvent event) {
        LineState line = state(event.lineId());
        Batch batch = batchAt(line, event.sourceTime());
        if (batch != null) {
            return batch.ref();
        }
        if (line.running != null) {
            throw new RuleViolation(DeadLetterCause.BEFORE_BATCH_START, event.tag() + " " + event.value()
                    + " on line " + event.lineId() + " was measured at " + event.sourceTime() + ", before batch "
                    + line.running.id + " started at " + line.running.since);
        }
        throw new RuleViolation(DeadLetterCause.NO_BATCH_RUNNING, event.tag() + " " + event.value() + " on line "
                + event.lineId() + " while no batch is running");
    }

    /** The batch that ran at a time, if any (for records that belong to the line when none ran, like alarms). */
    public synchronized Optional<BatchRef> batchAt(String lineId, Instant sourceTime) {
        return Optional.ofNullable(batchAt(state(lineId), sourceTime)).map(Batch::ref);
    }

    /** The PLC's part counters of a batch as last reported (total, good, reject); empty when none. */
    public synchronized Map<String, Long> counts(String lineId, String batchId) {
        Batch batch = batchNamed(state(lineId), batchId);
        return batch == null ? Map.of() : Map.copyOf(batch.counts);
    }

    /** Whether the batch already has a quality record of this notification (same characteristic, time and value). */
    public synchronized boolean alreadyMeasured(String lineId, String batchId, String characteristic,
                                                Instant sourceTime, double value) {
        Batch batch = batchNamed(state(lineId), batchId);
        return batch != null && batch.measured.contains(measurementKey(characteristic, sourceTime, value));
    }

    /** A measurement of the line was refused: the batch that ran at its source time is missing evidence. */
    public synchronized void dropped(ProductionEvent event, String reason) {
        Batch batch = batchAt(state(event.lineId()), event.sourceTime());
        if (batch != null) {
            batch.dropped++;
            batch.lastDrop = reason;
        }
    }

    /**
     * Why the batch of a measurement cannot be told, or empty when it can: the batch it falls in ran since before an
     * interval in which the line was not observed at all, and the value was measured inside that interval (e.g. the
     * current value reported on reconnect). The batch may have ended and others run meanwhile, and a later batch
     * id of the same reconnect cannot be known yet: such a value is recorded as of no batch, never of a guessed one.
     */
    public synchronized Optional<String> unobservedBatchAt(ProductionEvent event) {
        LineState line = state(event.lineId());
        Batch batch = batchAt(line, event.sourceTime());
        if (batch == null) {
            return Optional.empty();
        }
        Instant t = event.sourceTime();
        return line.blind.stream()
                .filter(gap -> !gap.from().isBefore(batch.since) && t.isAfter(gap.from()) && !t.isAfter(gap.to()))
                .findFirst()
                .map(gap -> "measured at " + t + " while the line was not observed (gap " + gap.cause() + " from "
                        + gap.from() + " to " + gap.to() + "); batch " + batch.id + " ran since before it, so the"
                        + " batch of this value is unknown");
    }

    /** Records a notification recorded without a batch; false when it was recorded already. */
    public synchronized boolean firstWithoutBatch(String lineId, String characteristic, Instant sourceTime, double value) {
        LineState line = state(lineId);
        boolean first = line.measuredWithoutBatch.add(measurementKey(characteristic, sourceTime, value));
        if (line.measuredWithoutBatch.size() > MEASURED_WITHOUT_BATCH_KEPT) {
            line.measuredWithoutBatch.remove(line.measuredWithoutBatch.iterator().next());
        }
        return first;
    }

    /** The line was not observed for a while: a batch that ran then cannot vouch for every part. */
    public synchronized void gap(ObservationGap gap) {
        LineState line = state(gap.lineId());
        if (BLIND_CAUSES.contains(gap.cause())) {
            line.blind.add(gap);
            if (line.blind.size() > BLIND_KEPT) {
                line.blind.remove(0);
            }
        }
        for (Batch batch : new Batch[] {line.completing, line.running, line.pendingStart}) {
            if (batch != null && gap.touches(batch.since, batch.completeAt == null ? Instant.MAX : batch.completeAt)) {
                batch.gaps.add("gap " + gap.cause() + " from " + gap.from() + " to " + gap.to()
                        + (gap.detail().isEmpty() ? "" : " (" + gap.detail() + ")"));
            }
        }
    }

    /**
     * Takes up the line's history when the rules start (its last batch's records so far, then drafts still held for
     * the store, in order), so that a restart neither starts a batch twice nor forgets its counts, statistics, the
     * PLC's part counters (as the quality records state them) or the notifications already recorded.
     */
    public synchronized void resume(String lineId, List<RecordDraft> history) {
        LineState line = state(lineId);
        for (RecordDraft draft : history) {
            switch (draft.type()) {
                case RecordTypes.BATCH_STARTED -> {
                    String product = draft.fields().get("product") instanceof String p ? p : null;
                    String recipe = draft.fields().get("recipe") instanceof String r ? r : null;
                    Instant since = draft.fields().get("sourceTime") instanceof String t ? Instant.parse(t) : Instant.EPOCH;
                    line.running = new Batch(draft.batchId(), product, recipe, since);
                    line.product = product;
                    line.recipe = recipe;
                }
                case RecordTypes.BATCH_COMPLETED -> {
                    if (line.running != null && line.running.id.equals(draft.batchId())) {
                        line.running = null;
                    }
                    line.lastFinished = draft.batchId();
                }
                default -> {
                    accepted(draft);
                    Batch batch = batchNamed(line, draft.batchId());
                    if (batch != null && draft.fields().get("plcCounts") instanceof Map<?, ?> counts) {
                        counts.forEach((counter, value) -> {
                            if (value instanceof Number n) {
                                batch.counts.put(String.valueOf(counter), n.longValue());
                            }
                        });
                    }
                }
            }
        }
        line.announcedBatch = null;
    }

    /** Counts a draft the appender accepted (stored or held) towards its batch's verdict and statistics. */
    public synchronized RecordDraft accepted(RecordDraft draft) {
        Batch batch = batchNamed(state(draft.lineId()), draft.batchId());
        if (batch == null) {
            return draft;
        }
        Map<String, Object> f = draft.fields();
        if (RecordTypes.QUALITY.equals(draft.type())) {
            if (Verdict.PASS.name().equals(f.get("verdict"))) {
                batch.passed++;
            } else {
                batch.failed++;
            }
            if (f.get("value") instanceof Number value) {
                String characteristic = String.valueOf(f.get("characteristic"));
                batch.stats.computeIfAbsent(characteristic, c -> new CharacteristicStats()).add(value.doubleValue(),
                        f.get("lsl") instanceof Number l ? l.doubleValue() : null,
                        f.get("usl") instanceof Number u ? u.doubleValue() : null,
                        f.get("unit") instanceof String unit ? unit : null);
                if (f.get("sourceTime") instanceof String time) {
                    batch.measured.add(new Measurement(characteristic, time, value.doubleValue()));
                }
            }
        } else if (RecordTypes.ALARM.equals(draft.type()) && RecordTypes.ALARM_RAISED.equals(f.get("state"))) {
            batch.alarms++;
        }
        return draft;
    }

    /** The batch running now, or the one whose completion is held. */
    public synchronized Optional<String> runningBatch(String lineId) {
        LineState line = state(lineId);
        Batch batch = line.running != null ? line.running : line.completing;
        return Optional.ofNullable(batch).map(b -> b.id);
    }

    /**
     * A notification as its quality record states it: the source time as {@link Instant#toString} writes it (the
     * record's own text), so a value counted from its record needs no parsing, and the value as a double (equal
     * when its bits are, as their text was before).
     */
    record Measurement(String characteristic, String sourceTime, double value) {
    }

    static Measurement measurementKey(String characteristic, Instant sourceTime, double value) {
        return new Measurement(characteristic, sourceTime.toString(), value);
    }

    /** Parts of the batch as the PLC counts them: the total, or good + reject; null while unknown. */
    private Long partsReported(Batch batch) {
        if (definition.totalCounter() != null) {
            return batch.counts.get(TOTAL);
        }
        Long good = batch.counts.get(GOOD);
        Long reject = batch.counts.get(REJECT);
        return good == null || reject == null ? null : good + reject;
    }

    /**
     * The {@code batch-completed} draft of a batch: its counts, verdict, statistics per characteristic and, when it
     * cannot vouch for every part, the reasons. FAIL when a value failed; INCOMPLETE when evidence is missing; PASS
     * only with full evidence. A part is observed when every characteristic has a value of it.
     */
    private RecordDraft completion(String lineId, Batch batch) {
        List<String> names = definition.characteristicNames();
        long observed = names.isEmpty() ? 0 : Long.MAX_VALUE;
        for (String name : names) {
            CharacteristicStats stats = batch.stats.get(name);
            observed = Math.min(observed, stats == null ? 0 : stats.n());
        }
        Long reported = partsReported(batch);
        long unobserved = reported == null ? 0 : Math.max(0, reported - observed);
        List<String> reasons = new ArrayList<>();
        if (batch.interruption != null) {
            reasons.add(batch.interruption);
        }
        if (batch.passed + batch.failed == 0) {
            reasons.add("no quality records");
        } else {
            for (String name : names) {
                if (!batch.stats.containsKey(name)) {
                    reasons.add("no quality records of " + name);
                }
            }
        }
        if (reported == null) {
            reasons.add("part count unknown: the PLC reported none for this batch");
        } else if (names.size() == 1 && unobserved > 0) {
            reasons.add(unobserved + " of " + reported + " parts the PLC counted have no quality record");
        } else {
            for (String name : names) {
                CharacteristicStats stats = batch.stats.get(name);
                long missing = reported - (stats == null ? 0 : stats.n());
                if (missing > 0 && stats != null) {
                    reasons.add(name + ": " + missing + " of " + reported
                            + " parts the PLC counted have no quality record");
                }
            }
        }
        if (batch.dropped > 0) {
            reasons.add(batch.dropped + " measurement(s) of the batch refused; last: " + batch.lastDrop);
        }
        reasons.addAll(batch.gaps);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", batch.product);
        if (definition.batch().recipeTag() != null) {
            fields.put("recipe", batch.recipe);
        }
        fields.put("parts", observed);
        fields.put("passed", batch.passed);
        fields.put("failed", batch.failed);
        if (reported != null) {
            fields.put("partsReported", reported);
        }
        if (unobserved > 0) {
            fields.put("unobserved", unobserved);
        }
        if (batch.interruption != null) {
            fields.put("interrupted", true);
        }
        if (batch.alarms > 0) {
            fields.put("alarms", batch.alarms);
        }
        Map<String, Object> characteristics = new LinkedHashMap<>();
        for (String name : names) {
            CharacteristicStats stats = batch.stats.get(name);
            characteristics.put(name, stats == null ? new CharacteristicStats().fields() : stats.fields());
        }
        fields.put("characteristics", characteristics);
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
