package io.lineledger.store;

import java.time.Instant;

/**
 * What a list of batches shows: one row per batch and line (a batch is normally made on one line).
 *
 * @param firstRecordedAt when its earliest record was recorded
 * @param lastRecordedAt  when its latest record was recorded
 * @param records         how many records the batch has so far
 * @param anchored        how many of them are anchored on chain
 * @param product         from its first {@code batch-started} record, else its last {@code batch-completed} one; null
 *                        if neither says
 * @param startedAt       when its first {@code batch-started} record (else its first record) was recorded: lists
 *                        show the latest started first
 * @param completedAt     when its last {@code batch-completed} record was recorded; null while the batch runs
 * @param verdict         {@link #RUNNING} before completion; else the recorded verdict, except that a recorded PASS
 *                        touched by a gap record of the line is INCOMPLETE (the line was not observed throughout);
 *                        {@link #UNKNOWN} when the completion states none
 */
public record BatchSummary(String batchId, String lineId, Instant firstRecordedAt, Instant lastRecordedAt,
                           long records, long anchored, String product, Instant startedAt, Instant completedAt,
                           String verdict) {

    /** The verdict of a batch without a {@code batch-completed} record. */
    public static final String RUNNING = "RUNNING";
    /** The verdict of a completion that states none. */
    public static final String UNKNOWN = "unknown";

    /** A summary of counts and times only (product, completion and verdict unknown): what older stores listed. */
    public BatchSummary(String batchId, String lineId, Instant firstRecordedAt, Instant lastRecordedAt,
                        long records, long anchored) {
        this(batchId, lineId, firstRecordedAt, lastRecordedAt, records, anchored, null, firstRecordedAt, null,
                RUNNING);
    }

    /** Every record of the batch is anchored, or some wait for their anchor. */
    public BatchQuery.AnchorState anchorState() {
        return anchored >= records ? BatchQuery.AnchorState.ANCHORED : BatchQuery.AnchorState.PENDING;
    }

    public boolean completed() {
        return completedAt != null;
    }
}
