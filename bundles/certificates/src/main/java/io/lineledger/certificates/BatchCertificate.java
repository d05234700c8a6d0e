package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

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
 */
public record BatchCertificate(String batchId, List<String> lineIds, String product, Instant startedAt,
                               Instant completedAt, String verdict, Long parts, Long passed, Long failed,
                               Long partsReported, List<QualityRow> quality, List<RecordRow> records, List<Anchor> anchors) {

    /** What the page says instead of a verdict while no {@code batch-completed} record exists. */
    public static final String IN_PROGRESS = "in progress";

    public BatchCertificate {
        Objects.requireNonNull(batchId, "batchId");
        lineIds = List.copyOf(lineIds);
        quality = List.copyOf(quality);
        records = List.copyOf(records);
        anchors = List.copyOf(anchors);
    }

    public boolean completed() {
        return completedAt != null;
    }

    /** The verdict, or {@link #IN_PROGRESS} before the batch completed. */
    public String verdictText() {
        if (!completed()) {
            return IN_PROGRESS;
        }
        return verdict == null ? "unknown" : verdict;
    }

    /** Parts the PLC made that no quality record covers (the batch was joined mid-way, or values were lost). */
    public long unobservedParts() {
        return partsReported == null || parts == null ? 0 : Math.max(0, partsReported - parts);
    }

    public long anchoredCount() {
        return records.stream().filter(RecordRow::anchored).count();
    }

    /** True once the batch completed and every one of its records is anchored: the certificate is final. */
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
     */
    public record QualityRow(String lineId, long seq, String time, String station, String characteristic,
                             Object value, String unit, Object lsl, Object usl, String verdict) {

        public boolean passed() {
            return "PASS".equals(verdict);
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
}
