package io.lineledger.shell.internal;

import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import java.util.List;

/** The text of {@code lineledger:batches}: the most recent batches first, of one line or all. */
public final class BatchesReport {

    /** How many recent batches are read to find those of one line (the store lists batches of all lines). */
    static final int SCAN_LIMIT = 1000;

    private BatchesReport() {
    }

    /**
     * @param lineId null: every line
     */
    public static String render(RecordStore store, String lineId, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        List<BatchSummary> batches = store.recentBatches(lineId == null ? limit : Math.max(limit, SCAN_LIMIT)).stream()
                .filter(b -> lineId == null || lineId.equals(b.lineId()))
                .limit(limit)
                .toList();
        if (batches.isEmpty()) {
            return lineId == null ? "No batch recorded yet\n" : "No batch of line " + lineId + " among the "
                    + SCAN_LIMIT + " most recent batches\n";
        }
        TextTable table = new TextTable("BATCH", "LINE", "FIRST RECORD", "LAST RECORD", "RECORDS", "ANCHORED");
        for (BatchSummary b : batches) {
            table.row(b.batchId(), b.lineId(), Texts.time(b.firstRecordedAt()), Texts.time(b.lastRecordedAt()),
                    b.records(), b.anchored() == b.records() ? "all" : b.anchored() + "/" + b.records());
        }
        return table.toString();
    }
}
