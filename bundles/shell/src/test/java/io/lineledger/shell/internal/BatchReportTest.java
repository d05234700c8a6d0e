package io.lineledger.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchReportTest {

    private final RecordStore store = H2RecordStores.newStore();

    private void record(String lineId, String type, String batchId, Map<String, Object> fields) {
        store.append(new RecordDraft(lineId, type, batchId, fields));
    }

    private void batch(String lineId, String batchId, String verdict, List<String> reasons) {
        record(lineId, RecordTypes.BATCH_STARTED, batchId, Map.of("product", "Coffee 500g", "recipe", "R-1"));
        record(lineId, RecordTypes.QUALITY, batchId, Map.of("characteristic", "fillWeight", "value", 501.0,
                "verdict", "PASS"));
        record(lineId, RecordTypes.QUALITY, batchId, Map.of("characteristic", "fillWeight", "value", 480.0,
                "verdict", "FAIL"));
        record(lineId, RecordTypes.BATCH_COMPLETED, batchId, Map.of("verdict", verdict, "reasons", reasons,
                "parts", 2, "passed", 1, "failed", 1));
    }

    @Test
    void aBatchShowsItsRecordsVerdictReasonsAndAnchors() {
        batch("line-1", "LOT-1", "FAIL", List.of("1 quality record(s) FAIL"));
        AnchorJob job = store.createAnchorJob("line-1", 1, 2, Bytes32.fromHex("0x" + "11".repeat(32)));
        store.markSent(job.id(), "0x" + "ab".repeat(32));
        store.markAnchored(job.id(), new Anchor(31337, "0x" + "cd".repeat(20), "0x" + "ab".repeat(32), 17, 0,
                "line-1", 1, 2, Bytes32.fromHex("0x" + "11".repeat(32))));

        String text = BatchReport.render(store, "LOT-1").orElseThrow();

        assertTrue(text.contains("records    4 (seq 1..4)"), text);
        assertTrue(text.contains("types      1 batch-completed, 1 batch-started, 2 quality"), text);
        assertTrue(text.contains("product    Coffee 500g, recipe R-1"), text);
        assertTrue(text.contains("verdict    FAIL (parts 2, passed 1, failed 1)"), text);
        assertTrue(text.contains("reasons    1 quality record(s) FAIL"), text);
        assertTrue(text.contains("quality    2 measurement(s), 1 FAIL"), text);
        assertTrue(text.contains("anchored   2 of 4 record(s)"), text);
        assertTrue(text.contains("seq 1..2 in tx 0xabab"), text);
    }

    @Test
    void anUnknownBatchIsEmpty() {
        assertTrue(BatchReport.render(store, "LOT-404").isEmpty());
    }

    @Test
    void batchesOfOneLineAreFilteredAndLimited() {
        batch("line-1", "LOT-1", "PASS", List.of());
        batch("line-2", "LOT-2", "PASS", List.of());
        batch("line-1", "LOT-3", "PASS", List.of());

        String one = BatchesReport.render(store, "line-1", 1);
        String all = BatchesReport.render(store, null, 10);

        assertTrue(one.contains("LOT-3") && !one.contains("LOT-1") && !one.contains("LOT-2"), one);
        assertTrue(all.contains("LOT-1") && all.contains("LOT-2") && all.contains("LOT-3"), all);
        assertTrue(BatchesReport.render(store, "line-9", 5).startsWith("No batch of line line-9"));
    }
}
