package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.Verdict;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a batch certificate states, independent of how it is rendered (HTML page and JSON today; a PDF
 * or a QR code later render the same model).
 *
 * @param batchId     the batch, as the PLC named it
 * @param lineIds     the lines its records were made on (normally one)
 * @param product     from the {@code batch-started} record, else the {@code batch-completed} one; null if neither says
 * @param startedAt   when the {@code batch-started} record (else the first record) was recorded
 * @param completedAt when the {@code batch-completed} record was recorded; null while the batch runs
 * @param verdict     the {@code batch-completed} record's verdict; null while the batch runs
 * @param parts       parts made, from {@code batch-completed}; null while the batch runs
 * @param passed      parts that passed, from {@code batch-completed}; null while the batch runs
 * @param failed      parts that failed, from {@code batch-completed}; null while the batch runs
 * @param partsReported parts the PLC says it made, from {@code batch-completed}; null when not reported
 * @param quality     the {@code quality} records, in sequence order
 * @param records     every record of the batch with its digest and anchor, in line and sequence order
 * @param anchors     the distinct anchors covering records of the batch, in the order first met
 * @param reasons     why the batch is INCOMPLETE or FAIL, from {@code batch-completed.reasons}; empty when none
 * @param gaps        the {@code gap} records of its lines whose blind interval touches the time the batch ran
 *                    (started to completed, or to now while it runs), in line and sequence order
 * @param anchoring   how anchoring of each of its lines stands now (order of {@code lineIds})
 * @param recipe      from the {@code batch-started} record, else the {@code batch-completed} one; null if neither says
 * @param interrupted the {@code batch-completed} record says the batch was ended as interrupted (aborted, stopped)
 * @param plcCounts   the PLC's part counters as last recorded with a quality record of the batch ({@code total},
 *                    {@code good}, {@code reject}); empty when none were recorded
 * @param characteristics per characteristic: limits, statistics, verdict and the values (for a chart), in the order
 *                    of the {@code batch-completed} record's statistics, then as first measured
 * @param alarms      the {@code alarm} records of the batch, in line and sequence order
 * @param releases    the {@value ReleaseRecords#TYPE} records of the batch (signed decisions), oldest first
 * @param chain       what the chain says about the batch's records as stored now: the only ground for calling them
 *                    anchored or sealed
 */
public record BatchCertificate(String batchId, List<String> lineIds, String product, Instant startedAt,
                               Instant completedAt, String verdict, Long parts, Long passed, Long failed,
                               Long partsReported, List<QualityRow> quality, List<RecordRow> records, List<Anchor> anchors,
                               List<String> reasons, List<GapRow> gaps, List<LineAnchoring> anchoring,
                               String recipe, boolean interrupted, Map<String, Long> plcCounts,
                               List<CharacteristicRow> characteristics, List<AlarmRow> alarms,
                               List<ReleaseRow> releases, ChainEvidence chain) {

    /** What a certificate says of the chain before anyone compared it (the view fills in the comparison). */
    static final ChainEvidence UNCOMPARED = ChainEvidence.notChecked("not compared with the chain");

    /** What the page says instead of a verdict while no {@code batch-completed} record exists. */
    public static final String IN_PROGRESS = "in progress";
    /** {@code state} of an alarm record that became active (RecordTypes.ALARM_RAISED in newer models). */
    static final String RAISED = "raised";

    public BatchCertificate {
        Objects.requireNonNull(batchId, "batchId");
        lineIds = List.copyOf(lineIds);
        quality = List.copyOf(quality);
        records = List.copyOf(records);
        anchors = List.copyOf(anchors);
        reasons = List.copyOf(reasons);
        gaps = List.copyOf(gaps);
        anchoring = List.copyOf(anchoring);
        plcCounts = Map.copyOf(plcCounts);
        characteristics = List.copyOf(characteristics);
        alarms = List.copyOf(alarms);
        releases = List.copyOf(releases);
        Objects.requireNonNull(chain, "chain");
    }

    /** A certificate not (yet) compared with the chain: it never says anchored or sealed. */
    public BatchCertificate(String batchId, List<String> lineIds, String product, Instant startedAt,
                            Instant completedAt, String verdict, Long parts, Long passed, Long failed,
                            Long partsReported, List<QualityRow> quality, List<RecordRow> records, List<Anchor> anchors,
                            List<String> reasons, List<GapRow> gaps, List<LineAnchoring> anchoring,
                            String recipe, boolean interrupted, Map<String, Long> plcCounts,
                            List<CharacteristicRow> characteristics, List<AlarmRow> alarms,
                            List<ReleaseRow> releases) {
        this(batchId, lineIds, product, startedAt, completedAt, verdict, parts, passed, failed, partsReported, quality,
                records, anchors, reasons, gaps, anchoring, recipe, interrupted, plcCounts, characteristics, alarms,
                releases, UNCOMPARED);
    }

    /** A certificate of a batch nobody has released or rejected. */
    public BatchCertificate(String batchId, List<String> lineIds, String product, Instant startedAt,
                            Instant completedAt, String verdict, Long parts, Long passed, Long failed,
                            Long partsReported, List<QualityRow> quality, List<RecordRow> records, List<Anchor> anchors,
                            List<String> reasons, List<GapRow> gaps, List<LineAnchoring> anchoring,
                            String recipe, boolean interrupted, Map<String, Long> plcCounts,
                            List<CharacteristicRow> characteristics, List<AlarmRow> alarms) {
        this(batchId, lineIds, product, startedAt, completedAt, verdict, parts, passed, failed, partsReported, quality,
                records, anchors, reasons, gaps, anchoring, recipe, interrupted, plcCounts, characteristics, alarms,
                List.of(), UNCOMPARED);
    }

    /** This certificate with what the chain says about it. */
    public BatchCertificate withChain(ChainEvidence evidence) {
        return new BatchCertificate(batchId, lineIds, product, startedAt, completedAt, verdict, parts, passed, failed,
                partsReported, quality, records, anchors, reasons, gaps, anchoring, recipe, interrupted, plcCounts,
                characteristics, alarms, releases, evidence);
    }

    /** The decision that stands: the last signed one; empty while nobody has released or rejected the batch. */
    public Optional<ReleaseRow> release() {
        return releases.isEmpty() ? Optional.empty() : Optional.of(releases.get(releases.size() - 1));
    }

    /**
     * The release in one phrase: {@code not released}, {@code released by sam}, {@code rejected by sam}, or
     * {@code release not valid: ...} when the last signature no longer covers the batch's records as they are.
     */
    public String releaseText() {
        Optional<ReleaseRow> last = release();
        if (last.isEmpty()) {
            return "not released";
        }
        ReleaseRow r = last.get();
        if (!r.valid()) {
            return (r.released() ? "release" : "rejection") + " not valid: " + r.problem();
        }
        return (r.released() ? "released" : "rejected") + " by " + r.signer();
    }

    /** {@code none}, {@code released}, {@code rejected} or {@code invalid}: for scripts and CSS. */
    public String releaseState() {
        Optional<ReleaseRow> last = release();
        if (last.isEmpty()) {
            return "none";
        }
        return !last.get().valid() ? "invalid" : last.get().released() ? "released" : "rejected";
    }

    /**
     * The certificate's number: line(s) and batch as recorded, and 8 hex digits of a SHA-256 over both so that ids
     * holding the separator still give distinct numbers ({@code LL-line-1-LOT-7-1a2b3c4d}).
     */
    public String certificateNumber() {
        String lines = String.join("+", lineIds);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest((lines + "\u0000" + batchId).getBytes(StandardCharsets.UTF_8));
            return "LL-" + lines + "-" + batchId + "-" + HexFormat.of().formatHex(hash, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /** The last anchor of the batch: the one covering its last anchored record (the root a QR code carries). */
    public Optional<Anchor> lastAnchor() {
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).anchored()) {
                return Optional.of(records.get(i).anchor());
            }
        }
        return Optional.empty();
    }

    /**
     * The seal in one word, as it stands now. {@code does not match the chain} whenever the stored records or their
     * anchors disagree with the registry; {@code ALARM} while a line's anchoring is in ALARM; once the batch completed
     * and the store has every record anchored: {@code sealed} or {@code anchored} only when the chain confirmed it,
     * else {@code checking} or {@code not checked}; before that the anchoring state of its lines: {@code retrying},
     * {@code unknown} or {@code pending}.
     */
    public String sealText() {
        if (chain.mismatch()) {
            return SEAL_MISMATCH;
        }
        AnchoringState state = anchoringState();
        if (state == AnchoringState.ALARM) {
            return "ALARM";
        }
        if (fullyAnchored()) {
            return switch (chain.state()) {
                case SEALED -> "sealed";
                case MATCHES -> "anchored";
                case CHECKING -> "checking";
                default -> "not checked";
            };
        }
        return switch (state) {
            case RETRYING -> "retrying";
            case UNKNOWN -> "unknown";
            default -> "pending";
        };
    }

    /** What {@link #sealText()} says when the records or anchors disagree with the chain. */
    public static final String SEAL_MISMATCH = "does not match the chain";

    /**
     * True once the batch completed, the store has every record anchored and the chain confirmed it: only then may
     * a page say the batch is anchored.
     */
    public boolean anchoredOnChain() {
        return fullyAnchored() && chain.confirmed();
    }

    /** When the data of the certificate last changed: its last record (what a PDF states as its date). */
    public Instant lastRecordedAt() {
        Instant last = startedAt;
        for (RecordRow r : records) {
            if (last == null || r.recordedAt().isAfter(last)) {
                last = r.recordedAt();
            }
        }
        return last;
    }

    public boolean completed() {
        return completedAt != null;
    }

    /**
     * The verdict, or {@link #IN_PROGRESS} before the batch completed. A recorded PASS that a gap record touches is
     * INCOMPLETE here: the line was not observed for part of the batch, so the records cannot vouch for it.
     */
    public String verdictText() {
        if (!completed()) {
            return IN_PROGRESS;
        }
        if (verdict == null) {
            return "unknown";
        }
        return Verdict.PASS.name().equals(verdict) && !gaps.isEmpty() ? Verdict.INCOMPLETE.name() : verdict;
    }

    /**
     * Why the batch is not PASS, for people: the recorded reasons, and for a recorded PASS that gaps touch, one line
     * saying so.
     */
    public List<String> verdictReasons() {
        if (completed() && Verdict.PASS.name().equals(verdict) && !gaps.isEmpty()) {
            List<String> all = new ArrayList<>(reasons);
            all.add("recorded as PASS, but " + gaps.size() + " gap record" + (gaps.size() == 1 ? "" : "s")
                    + " of the line touch" + (gaps.size() == 1 ? "es" : "") + " the batch: it was not observed throughout");
            return List.copyOf(all);
        }
        return reasons;
    }

    /** The least reassuring anchoring state of the batch's lines: ALARM, then RETRYING, then UNKNOWN, then OK. */
    public AnchoringState anchoringState() {
        AnchoringState worst = AnchoringState.OK;
        for (LineAnchoring line : anchoring) {
            if (line.state().ordinal() > worst.ordinal()) {
                worst = line.state();
            }
        }
        return anchoring.isEmpty() ? AnchoringState.UNKNOWN : worst;
    }

    /** Parts the PLC made that no quality record covers (the batch was joined mid-way, or values were lost). */
    public long unobservedParts() {
        return partsReported == null || parts == null ? 0 : Math.max(0, partsReported - parts);
    }

    public long anchoredCount() {
        return records.stream().filter(RecordRow::anchored).count();
    }

    /**
     * True once the batch completed and the store holds an anchor for every one of its records: the store's word,
     * which {@link #anchoredOnChain()} checks against the chain.
     */
    public boolean fullyAnchored() {
        return completed() && !records.isEmpty() && anchoredCount() == records.size();
    }

    /**
     * One quality measurement.
     *
     * @param time       the measurement's source time when the record states one, else when it was recorded
     * @param value      the measured value as recorded (a JSON number, or whatever the record holds)
     * @param lsl        lower spec limit, null if the record has none
     * @param usl        upper spec limit, null if the record has none
     * @param verdict    PASS or FAIL as recorded
     * @param nominal    nominal value, null if the record has none
     */
    public record QualityRow(String lineId, long seq, String time, String station, String characteristic,
                             Object value, String unit, Object lsl, Object usl, String verdict, Object nominal) {

        /** A row without nominal value (as older quality records were). */
        public QualityRow(String lineId, long seq, String time, String station, String characteristic,
                          Object value, String unit, Object lsl, Object usl, String verdict) {
            this(lineId, seq, time, station, characteristic, value, unit, lsl, usl, verdict, null);
        }

        public boolean passed() {
            return Verdict.PASS.name().equals(verdict);
        }
    }

    /**
     * One characteristic of the batch as the certificate states it.
     *
     * @param station        where it is measured, as the quality records say; null if they do not
     * @param nominal        nominal value, from the quality records; null when not configured
     * @param statistics     from the {@code batch-completed} record when it states them, else computed from the
     *                       quality records
     * @param recorded       true when {@code statistics} are the ones the {@code batch-completed} record states
     * @param failed         quality records of it with verdict FAIL
     * @param values         its measured values in sequence order (numbers only), for the chart
     * @param verdict        PASS, FAIL, INCOMPLETE, or {@link #IN_PROGRESS} while the batch runs
     * @param notes          why it is not PASS, or where the statistics differ from the quality records
     */
    public record CharacteristicRow(String name, String station, String unit, Double nominal, Double lsl, Double usl,
                                    SampleStatistics statistics, boolean recorded, long failed, List<Double> values,
                                    String verdict, List<String> notes) {

        public CharacteristicRow {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(statistics, "statistics");
            values = List.copyOf(values);
            notes = List.copyOf(notes);
        }
    }

    /**
     * An {@code alarm} record of the batch.
     *
     * @param state {@code raised} or {@code cleared} as recorded
     * @param value the PLC's Boolean or code, as recorded
     * @param time  the source time when the record states one, else when it was recorded
     */
    public record AlarmRow(String lineId, long seq, String alarm, String tag, String state, Object value,
                           String time) {

        public boolean raised() {
            return RAISED.equals(state);
        }
    }

    /**
     * A {@value ReleaseRecords#TYPE} record of the batch: a signed decision.
     *
     * @param decision      {@code release} or {@code reject}
     * @param meaning       the meaning's id ({@code approval}, {@code review}, {@code responsibility})
     * @param meaningText   the meaning in words, as the signer declared it
     * @param signedBy      the signer's user name in the login realm
     * @param signerName    the signer's full name as listed when signing; null on records signed before full names
     *                      were recorded
     * @param signedAt      when the signer's password was accepted (ISO-8601)
     * @param verdict       the verdict the certificate showed when signed
     * @param seal          the seal the certificate showed when signed
     * @param signedRecords how many records of the batch the certificate had then
     * @param signedLineId  line of the batch's last record when signed
     * @param signedSeq     its sequence number
     * @param signedDigest  its digest: what the signature covers
     * @param anchor        the anchor of the release record itself, null until anchored
     * @param problem       why the signature does not cover the batch's records as they are now; null when it does
     */
    public record ReleaseRow(String lineId, long seq, Instant recordedAt, String decision, String meaning,
                             String meaningText, String reason, String signedBy, String signerName,
                             String signedAt, String verdict,
                             String seal, long signedRecords, String signedLineId, long signedSeq,
                             String signedDigest, Anchor anchor, String problem) {

        public boolean released() {
            return ReleaseRecords.Decision.RELEASE.id().equals(decision);
        }

        public boolean valid() {
            return problem == null;
        }

        public boolean anchored() {
            return anchor != null;
        }

        /** {@code Maria Rossi (maria)}; the user name alone on a record without a full name. */
        public String signer() {
            return ReleaseRecords.signer(signedBy, signerName);
        }

        /** {@code Released}, {@code Rejected}, or the decision as recorded. */
        public String decisionText() {
            return ReleaseRecords.Decision.of(decision).map(ReleaseRecords.Decision::done)
                    .orElse(String.valueOf(decision));
        }

        ReleaseRow withProblem(String why) {
            return new ReleaseRow(lineId, seq, recordedAt, decision, meaning, meaningText, reason, signedBy,
                    signerName, signedAt,
                    verdict, seal, signedRecords, signedLineId, signedSeq, signedDigest, anchor, why);
        }
    }

    /**
     * One record of the batch.
     *
     * @param anchor the anchor covering it, null until it is anchored
     */
    public record RecordRow(String lineId, long seq, String type, Instant recordedAt, Bytes32 digest, Anchor anchor) {

        public boolean anchored() {
            return anchor != null;
        }
    }

    /** How anchoring of a line stands, from least to most alarming (the order {@link #anchoringState()} uses). */
    public enum AnchoringState {
        /** Anchoring runs: records are anchored within the next window. */
        OK,
        /** Nobody can tell: no anchoring service is installed or running, or it does not report the line yet. */
        UNKNOWN,
        /** A transient cause; retried with backoff. */
        RETRYING,
        /** Anchoring of the line has stopped until someone looks (or the store fenced the line). */
        ALARM
    }

    /**
     * How anchoring of one line of the batch stands now.
     *
     * @param reason      why it is not OK, for people; null when OK
     * @param since       when the line entered this state; null when not known
     * @param nextAttempt when anchoring is tried again; null when not known or OK
     */
    public record LineAnchoring(String lineId, AnchoringState state, String reason, Instant since, Instant nextAttempt) {

        public LineAnchoring {
            Objects.requireNonNull(lineId, "lineId");
            Objects.requireNonNull(state, "state");
        }

        /** No anchoring service answers for the line. */
        public static LineAnchoring unknown(String lineId) {
            return new LineAnchoring(lineId, AnchoringState.UNKNOWN,
                    "anchoring status unknown: no anchoring service is running", null, null);
        }
    }

    /**
     * A {@code gap} record touching the batch: its line was not observed from {@code gap.from()} to
     * {@code gap.to()}.
     *
     * @param seq the gap record's sequence on its line (it is anchored like any record)
     */
    public record GapRow(long seq, ObservationGap gap) {

        public GapRow {
            Objects.requireNonNull(gap, "gap");
        }

        public Duration duration() {
            return Duration.between(gap.from(), gap.to());
        }

        /** The cause in words; an unknown cause as recorded. */
        public String causeText() {
            return switch (gap.cause()) {
                case ObservationGap.CAUSE_SESSION_LOST -> "OPC UA session to the PLC lost";
                case ObservationGap.CAUSE_SUBSCRIPTION_LOST -> "OPC UA subscription dropped by the server";
                case ObservationGap.CAUSE_QUEUE_OVERFLOW -> "the server's queue overflowed: values were lost";
                case ObservationGap.CAUSE_LINELEDGER_DOWN -> "LineLedger was not running";
                case ObservationGap.CAUSE_INGEST_DROPPED -> "values were read but dropped before the store";
                default -> gap.cause();
            };
        }

        /** {@code 850 ms}, {@code 12 s}, {@code 3 min 5 s}, {@code 2 h 10 min}. */
        public String durationText() {
            Duration d = duration();
            if (d.toMillis() < 1_000) {
                return d.toMillis() + " ms";
            }
            long s = d.toSeconds();
            if (s < 60) {
                return s + " s";
            }
            if (s < 3_600) {
                return s / 60 + " min" + (s % 60 == 0 ? "" : " " + s % 60 + " s");
            }
            return s / 3_600 + " h" + (s % 3_600 / 60 == 0 ? "" : " " + s % 3_600 / 60 + " min");
        }
    }
}
