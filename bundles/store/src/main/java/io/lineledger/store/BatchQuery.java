package io.lineledger.store;

import java.time.Instant;

/**
 * Which batches a list shows and which page of them: batches whose fields equal every filter that is set (null: any),
 * latest started first, {@code limit} of them after skipping {@code offset}.
 *
 * @param lineId        only batch rows of this line
 * @param product       only batches of this product, as {@link BatchSummary#product()} states it
 * @param verdict       only batches with this {@link BatchSummary#verdict()} (e.g. PASS, FAIL, INCOMPLETE, RUNNING)
 * @param anchorState   only batches whose every record is anchored, or only those with a record still waiting
 * @param startedFrom   only batches started at or after this instant
 * @param startedBefore only batches started before this instant
 */
public record BatchQuery(String lineId, String product, String verdict, AnchorState anchorState,
                         Instant startedFrom, Instant startedBefore, int offset, int limit) {

    /** Whether every record of a batch is anchored on chain. */
    public enum AnchorState {
        /** Every record of the batch is covered by an anchor the chain confirmed. */
        ANCHORED,
        /** At least one record waits: not in an anchor job yet, or its job is not confirmed (or was reorganized). */
        PENDING
    }

    public BatchQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        if (startedFrom != null && startedBefore != null && !startedFrom.isBefore(startedBefore)) {
            throw new IllegalArgumentException("startedFrom (" + startedFrom + ") must be before startedBefore ("
                    + startedBefore + ")");
        }
        lineId = blankToNull(lineId);
        product = blankToNull(product);
        verdict = blankToNull(verdict);
    }

    /** The first {@code limit} batches, most recent first, unfiltered. */
    public static BatchQuery newest(int limit) {
        return new BatchQuery(null, null, null, null, null, null, 0, limit);
    }

    public BatchQuery withLine(String lineId) {
        return new BatchQuery(lineId, product, verdict, anchorState, startedFrom, startedBefore, offset, limit);
    }

    public BatchQuery withProduct(String product) {
        return new BatchQuery(lineId, product, verdict, anchorState, startedFrom, startedBefore, offset, limit);
    }

    public BatchQuery withVerdict(String verdict) {
        return new BatchQuery(lineId, product, verdict, anchorState, startedFrom, startedBefore, offset, limit);
    }

    public BatchQuery withAnchorState(AnchorState anchorState) {
        return new BatchQuery(lineId, product, verdict, anchorState, startedFrom, startedBefore, offset, limit);
    }

    /** Batches started in {@code [from, before)}; either may be null (open). */
    public BatchQuery withStartedBetween(Instant from, Instant before) {
        return new BatchQuery(lineId, product, verdict, anchorState, from, before, offset, limit);
    }

    public BatchQuery withPage(int offset, int limit) {
        return new BatchQuery(lineId, product, verdict, anchorState, startedFrom, startedBefore, offset, limit);
    }

    public boolean filtered() {
        return lineId != null || product != null || verdict != null || anchorState != null || startedFrom != null
                || startedBefore != null;
    }

    /** Whether a batch passes every filter (paging aside). */
    public boolean matches(BatchSummary batch) {
        return (lineId == null || lineId.equals(batch.lineId()))
                && (product == null || product.equals(batch.product()))
                && (verdict == null || verdict.equals(batch.verdict()))
                && (anchorState == null || anchorState == batch.anchorState())
                && (startedFrom == null || !batch.startedAt().isBefore(startedFrom))
                && (startedBefore == null || batch.startedAt().isBefore(startedBefore));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
