package io.lineledger.certificates;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateViewTest {

    private final RecordStore store = H2RecordStores.newStore();
    private final CertificateView view = new CertificateView(store);

    @Test
    void completedBatchStatesProductTimesCountsAndTheCompletedRecordsVerdict() {
        Batches.complete3(store, "LOT-1", 510.4);

        BatchCertificate c = view.of("LOT-1").orElseThrow();

        assertEquals("LOT-1", c.batchId());
        assertEquals(List.of(LINE), c.lineIds());
        assertEquals("Olive oil 500 ml", c.product());
        assertEquals(store.find(LINE, 1).orElseThrow().recordedAt(), c.startedAt());
        assertEquals(store.find(LINE, 5).orElseThrow().recordedAt(), c.completedAt());
        assertEquals("FAIL", c.verdictText());
        assertEquals(3L, c.parts());
        assertEquals(2L, c.passed());
        assertEquals(1L, c.failed());
        assertEquals(3, c.quality().size());
        assertEquals(5, c.records().size());
    }

    @Test
    void qualityRowsCarryValueUnitLimitsVerdictAndSourceTime() {
        Batches.complete3(store, "LOT-1", 510.4);

        BatchCertificate.QualityRow failed = view.of("LOT-1").orElseThrow().quality().get(1);

        assertEquals(3, failed.seq());
        assertEquals("checkweigher", failed.station());
        assertEquals("fillWeight", failed.characteristic());
        assertEquals(510.4, ((Number) failed.value()).doubleValue());
        assertEquals("g", failed.unit());
        assertEquals(495.0, ((Number) failed.lsl()).doubleValue());
        assertEquals(505.0, ((Number) failed.usl()).doubleValue());
        assertEquals("FAIL", failed.verdict());
        assertFalse(failed.passed());
        assertEquals("2025-03-04T08:00:30.250Z", failed.time());
    }

    @Test
    void batchWithoutCompletedRecordIsInProgress() {
        Batches.start(store, "LOT-2", "Olive oil 500 ml");
        Batches.quality(store, "LOT-2", 500.0);

        BatchCertificate c = view.of("LOT-2").orElseThrow();

        assertFalse(c.completed());
        assertNull(c.completedAt());
        assertEquals(BatchCertificate.IN_PROGRESS, c.verdictText());
        assertNull(c.parts());
    }

    @Test
    void unknownBatchHasNoCertificate() {
        Batches.complete3(store, "LOT-1", 500.0);

        assertTrue(view.of("LOT-404").isEmpty());
    }

    @Test
    void recordsKnowTheirAnchorAndTheCertificateListsEachAnchorOnce() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchor first = Anchors.anchor(store, LINE, 1, 2);
        Anchor second = Anchors.anchor(store, LINE, 3, 4);

        BatchCertificate c = view.of("LOT-1").orElseThrow();

        assertEquals(List.of(first, second), c.anchors());
        assertEquals(4, c.anchoredCount());
        assertEquals(first, c.records().get(1).anchor());
        assertEquals(second, c.records().get(2).anchor());
        assertFalse(c.records().get(4).anchored());
        assertFalse(c.fullyAnchored());
    }

    @Test
    void certificateIsFullyAnchoredOnlyOnceTheBatchCompletedAndEveryRecordIsAnchored() {
        Batches.start(store, "LOT-3", "Olive oil 500 ml");
        Batches.quality(store, "LOT-3", 500.0);
        Anchors.anchorAll(store, LINE);
        assertFalse(view.of("LOT-3").orElseThrow().fullyAnchored(), "running batch, all anchored");

        Batches.complete(store, "LOT-3", "Olive oil 500 ml", 1, 0);
        assertFalse(view.of("LOT-3").orElseThrow().fullyAnchored(), "completed, last record pending");

        Anchors.anchorAll(store, LINE);
        assertTrue(view.of("LOT-3").orElseThrow().fullyAnchored());
    }
}
