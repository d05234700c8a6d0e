package io.lineledger.certificates;

import io.lineledger.certificates.BatchCertificate.AlarmRow;
import io.lineledger.certificates.BatchCertificate.AnchoringState;
import io.lineledger.certificates.BatchCertificate.CharacteristicRow;
import io.lineledger.certificates.BatchCertificate.GapRow;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.certificates.BatchCertificate.QualityRow;
import io.lineledger.certificates.BatchCertificate.RecordRow;
import io.lineledger.certificates.BatchCertificate.ReleaseRow;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds a {@link BatchCertificate} from what the record store holds about a batch (its records, the gap records of
 * its lines, fences) and from how anchoring of its lines stands now.
 */
public final class CertificateView {

    /** The {@code alarm} record type (io.lineledger.model.RecordTypes.ALARM in newer models). */
    static final String ALARM = "alarm";

    private final RecordStore store;
    private final Function<String, Optional<LineAnchoring>> anchoringOfLine;
    private final Function<BatchCertificate, ChainEvidence> chain;

    /** A view without anchoring service: the anchoring of every line is {@link AnchoringState#UNKNOWN}. */
    public CertificateView(RecordStore store) {
        this(store, lineId -> Optional.empty());
    }

    /**
     * @param anchoringOfLine how anchoring of a line stands now; empty when no anchoring service answers (then the
     *                        certificate says the state is unknown, never that it is fine)
     */
    public CertificateView(RecordStore store, Function<String, Optional<LineAnchoring>> anchoringOfLine) {
        this(store, anchoringOfLine, c -> ChainEvidence.notChecked("no chain check is configured"));
    }

    /**
     * @param anchoringOfLine how anchoring of a line stands now
     * @param chain           compares a certificate's records and anchors as stored with the chain: without its
     *                        confirmation a certificate never says anchored or sealed
     */
    public CertificateView(RecordStore store, Function<String, Optional<LineAnchoring>> anchoringOfLine,
                           Function<BatchCertificate, ChainEvidence> chain) {
        this.store = Objects.requireNonNull(store, "store");
        this.anchoringOfLine = Objects.requireNonNull(anchoringOfLine, "anchoringOfLine");
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /** The certificate of a batch, or empty when the store has no record of it. */
    public Optional<BatchCertificate> of(String batchId) {
        List<LineRecord> batch = store.batch(batchId);
        if (batch.isEmpty()) {
            return Optional.empty();
        }
        LinkedHashSet<String> lineIds = new LinkedHashSet<>();
        LineRecord started = null;
        LineRecord completed = null;
        List<QualityRow> quality = new ArrayList<>();
        List<RecordRow> rows = new ArrayList<>();
        List<Anchor> anchors = new ArrayList<>();
        Anchor current = null;
        List<AlarmRow> alarms = new ArrayList<>();
        List<LineRecord> releaseRecords = new ArrayList<>();
        Map<?, ?> plcCounts = Map.of();
        for (LineRecord record : batch) {
            lineIds.add(record.lineId());
            switch (record.type()) {
                case RecordTypes.BATCH_STARTED -> started = started == null ? record : started;
                case RecordTypes.BATCH_COMPLETED -> completed = record; // the last word on the batch counts
                case RecordTypes.QUALITY -> {
                    quality.add(qualityRow(record));
                    if (record.fields().get("plcCounts") instanceof Map<?, ?> counts) {
                        plcCounts = counts; // the counters as last reported win
                    }
                }
                case ALARM -> alarms.add(alarmRow(record));
                case ReleaseRecords.TYPE -> releaseRecords.add(record);
                default -> { }
            }
            // records come in line and sequence order and anchors cover ranges: ask the store once per range
            if (current == null || !current.lineId().equals(record.lineId()) || !current.covers(record.seq())) {
                current = store.anchorOf(record.lineId(), record.seq()).orElse(null);
                if (current != null && !anchors.contains(current)) {
                    anchors.add(current);
                }
            }
            rows.add(new RecordRow(record.lineId(), record.seq(), record.type(), record.recordedAt(),
                    record.digest(), current));
        }
        String product = text(started, "product");
        if (product == null) {
            product = text(completed, "product");
        }
        Instant startedAt = (started != null ? started : batch.get(0)).recordedAt();
        Instant completedAt = completed == null ? null : completed.recordedAt();
        List<String> reasons = new ArrayList<>(reasons(completed));
        List<GapRow> gaps = new ArrayList<>();
        List<LineAnchoring> anchoring = new ArrayList<>();
        for (String lineId : lineIds) {
            for (LineRecord gap : store.gapsTouching(lineId, startedAt, completedAt)) {
                try {
                    gaps.add(new GapRow(gap.seq(), ObservationGap.of(gap)));
                } catch (IllegalArgumentException e) {
                    // a gap we cannot read still means the line was not observed: never let it pass silently
                    reasons.add(e.getMessage());
                }
            }
            anchoring.add(anchoringOf(lineId));
        }
        String recipe = text(started, "recipe");
        if (recipe == null) {
            recipe = text(completed, "recipe");
        }
        Long parts = whole(completed, "parts");
        Long partsReported = whole(completed, "partsReported");
        Map<?, ?> recordedStatistics = completed != null
                && completed.fields().get("characteristics") instanceof Map<?, ?> m ? m : Map.of();
        Long expectedParts = partsReported != null ? partsReported : parts;
        List<CharacteristicRow> characteristics = CharacteristicRows.of(quality, recordedStatistics,
                completed != null, expectedParts, !gaps.isEmpty());
        BatchCertificate certificate = new BatchCertificate(batchId, List.copyOf(lineIds), product, startedAt,
                completedAt, text(completed, "verdict"), parts, whole(completed, "passed"),
                whole(completed, "failed"), partsReported, quality, rows, anchors, reasons, gaps,
                anchoring, recipe, completed != null && Boolean.TRUE.equals(completed.fields().get("interrupted")),
                counts(plcCounts), characteristics, alarms, releases(batch, releaseRecords, rows));
        return Optional.of(certificate.withChain(chain.apply(certificate)));
    }

    /**
     * The batch's signed decisions, each checked against the records as they are now: the record it signed must still
     * be a record of the batch with the same digest, and no record (other than decisions) may have joined the batch
     * after it. Otherwise the decision is shown with the problem, never as standing.
     */
    private static List<ReleaseRow> releases(List<LineRecord> batch, List<LineRecord> releaseRecords,
                                             List<RecordRow> rows) {
        List<ReleaseRow> releases = new ArrayList<>();
        for (LineRecord record : releaseRecords) {
            Anchor anchor = rows.stream().filter(r -> r.lineId().equals(record.lineId()) && r.seq() == record.seq())
                    .findFirst().map(RecordRow::anchor).orElse(null);
            ReleaseRow row = ReleaseRecords.row(record, anchor);
            String signedLine = row.signedLineId();
            long signedSeq = row.signedSeq();
            Optional<LineRecord> signed = batch.stream().filter(r -> r.lineId().equals(signedLine)
                    && r.seq() == signedSeq).findFirst();
            if (signed.isEmpty()) {
                row = row.withProblem("the record it signed (" + row.signedLineId() + " #" + row.signedSeq()
                        + ") is not a record of this batch");
            } else if (!signed.get().digest().hex().equals(row.signedDigest())) {
                row = row.withProblem("the record it signed (" + row.signedLineId() + " #" + row.signedSeq()
                        + ") has another digest now");
            } else {
                LineRecord last = signed.get();
                long added = batch.stream().filter(r -> !ReleaseRecords.TYPE.equals(r.type()))
                        .filter(r -> r.lineId().equals(last.lineId()) ? r.seq() > last.seq()
                                : r.recordedAt().isAfter(last.recordedAt())).count();
                if (added > 0) {
                    row = row.withProblem(added + " record" + (added == 1 ? " was" : "s were") + " added to the"
                            + " batch after this signature: the batch must be reviewed and signed again");
                }
            }
            releases.add(row);
        }
        return releases;
    }

    private static Map<String, Long> counts(Map<?, ?> plcCounts) {
        Map<String, Long> counts = new LinkedHashMap<>();
        plcCounts.forEach((name, value) -> {
            if (value instanceof Number n) {
                counts.put(String.valueOf(name), n.longValue());
            }
        });
        return counts;
    }

    private static AlarmRow alarmRow(LineRecord record) {
        Map<String, Object> f = record.fields();
        String time = f.get("sourceTime") instanceof String s ? s : record.recordedAt().toString();
        return new AlarmRow(record.lineId(), record.seq(), text(record, "alarm"), text(record, "tag"),
                text(record, "state"), f.get("value"), time);
    }

    /** A fence outranks whatever the anchoring service says: the store refuses the line's records. */
    private LineAnchoring anchoringOf(String lineId) {
        Optional<LineFence> fence = store.fenceOf(lineId);
        if (fence.isPresent()) {
            LineFence f = fence.get();
            return new LineAnchoring(lineId, AnchoringState.ALARM, "line fenced: the chain expects sequence "
                    + f.chainNextSeq() + " next but the store holds up to " + f.storeLastSeq() + " (" + f.reason()
                    + ")", f.raisedAt(), null);
        }
        return anchoringOfLine.apply(lineId).orElseGet(() -> LineAnchoring.unknown(lineId));
    }

    private static List<String> reasons(LineRecord completed) {
        if (completed == null || !(completed.fields().get("reasons") instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().map(String::valueOf).toList();
    }

    private static QualityRow qualityRow(LineRecord record) {
        Map<String, Object> f = record.fields();
        String time = f.get("sourceTime") instanceof String s ? s : record.recordedAt().toString();
        return new QualityRow(record.lineId(), record.seq(), time, text(record, "station"),
                text(record, "characteristic"), f.get("value"), text(record, "unit"), f.get("lsl"), f.get("usl"),
                text(record, "verdict"), f.get("nominal"));
    }

    private static String text(LineRecord record, String field) {
        if (record == null) {
            return null;
        }
        Object value = record.fields().get(field);
        return value == null ? null : value.toString();
    }

    private static Long whole(LineRecord record, String field) {
        if (record == null) {
            return null;
        }
        return record.fields().get(field) instanceof Number n ? n.longValue() : null;
    }
}
