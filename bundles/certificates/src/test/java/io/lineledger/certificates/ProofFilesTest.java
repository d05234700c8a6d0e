package io.lineledger.certificates;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class ProofFilesTest {

    private final DataSource database = H2RecordStores.newDatabase();
    private final RecordStore store = new JdbcRecordStore(database);
    private final ProofFiles proofs = new ProofFiles(store);

    @Test
    void proofOfAnAnchoredRecordVerifiesAgainstTheAnchoredRootAndCarriesTheRecordsDigest() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchor anchor = Anchors.anchorAll(store, LINE);

        for (long seq = 1; seq <= 5; seq++) {
            LineRecord record = store.find(LINE, seq).orElseThrow();
            ProofFile proof = proofs.proofOf(LINE, seq);

            assertEquals(record.digest(), proof.digest());
            assertEquals(anchor, proof.anchor());
            assertEquals(anchor.root(), proof.root());
            assertTrue(MerkleTree.processLeafProof(proof.leafHash(), proof.proof()).equals(anchor.root()), "seq " + seq);
        }
    }

    @Test
    void proofFileReadsBackWithTheSameRecordAndDigest() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchor(store, LINE, 1, 3);
        Anchors.anchor(store, LINE, 4, 5);

        ProofFile read = ProofFile.parse(proofs.proofOf(LINE, 4).toJson());

        LineRecord record = store.find(LINE, 4).orElseThrow();
        assertEquals(record.digest(), read.record().digest());
        assertEquals(record.digest(), read.digest());
        assertEquals(4, read.anchor().firstSeq());
        assertTrue(MerkleTree.processLeafProof(read.leafHash(), read.proof()).equals(read.root()));
    }

    @Test
    void unknownRecordIsNotFound() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);

        RecordNotFoundException e = assertThrows(RecordNotFoundException.class, () -> proofs.proofOf(LINE, 99));
        assertEquals("no record line-1/99", e.getMessage());
        assertThrows(RecordNotFoundException.class, () -> proofs.proofOf("line-9", 1));
    }

    @Test
    void recordNotAnchoredYetHasNoProof() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchor(store, LINE, 1, 3);

        RecordNotAnchoredException e = assertThrows(RecordNotAnchoredException.class, () -> proofs.proofOf(LINE, 4));
        assertEquals("record line-1/4 is not anchored yet", e.getMessage());
    }

    @Test
    void recordChangedAfterAnchoringGetsNoProof() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);
        // rewritten consistently from seq 3 on: the store's own checks pass, only the anchored root tells
        H2RecordStores.rewriteFrom(database, LINE, 3,
                new RecordDraft(LINE, "quality", "LOT-1", Map.of("verdict", "PASS")));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> proofs.proofOf(LINE, 2));
        assertTrue(e.getMessage().contains("was anchored in tx"), e.getMessage());
    }

    @Test
    void recordWhoseStoredJsonWasEditedGetsNoProofAndNoRecordOfItsRangeDoes() {
        Batches.complete3(store, "LOT-1", 510.4);
        Anchors.anchorAll(store, LINE);
        LineRecord failed = store.find(LINE, 3).orElseThrow();
        H2RecordStores.tamperJson(database, LINE, 3, failed.canonicalJson().replace("\"FAIL\"", "\"PASS\""));

        TamperedRecordException e = assertThrows(TamperedRecordException.class, () -> proofs.proofOf(LINE, 3));
        assertEquals(3, e.seq());
        TamperedRecordException other = assertThrows(TamperedRecordException.class, () -> proofs.proofOf(LINE, 1));
        assertEquals(3, other.seq(), "the range read names the tampered record");
    }

    @Test
    void lineRangeProofHoldsEveryRecordOfTheRangeAcrossWindowsAndReadsBack() {
        Batches.complete3(store, "LOT-1", 500.0);
        Batches.complete3(store, "LOT-2", 510.4);
        Anchors.anchor(store, LINE, 1, 3);
        Anchors.anchor(store, LINE, 4, 10);

        RangeProofFile range = proofs.rangeProofOf(LINE, 2, 9);
        assertEquals(8, range.records().size());
        assertEquals(2, range.windows().size());
        assertEquals(range, RangeProofFile.parse(range.toJson()));
        assertEquals("line-1-2-9.range-proof.json", range.fileName());

        assertThrows(RecordNotFoundException.class, () -> proofs.rangeProofOf(LINE, 2, 11));
        assertThrows(ProofFiles.NoRangeProofException.class, () -> proofs.rangeProofOf(LINE, 5, 4));
        assertThrows(ProofFiles.NoRangeProofException.class,
                () -> proofs.rangeProofOf(LINE, 1, ProofFiles.MAX_RANGE_RECORDS + 1));
        store.append(new RecordDraft(LINE, "quality", null, Map.of("verdict", "PASS")));
        RecordNotAnchoredException e = assertThrows(RecordNotAnchoredException.class,
                () -> proofs.rangeProofOf(LINE, 9, 11));
        assertEquals("record line-1/11 is not anchored yet", e.getMessage());
    }

    @Test
    void batchProofRunsFromStartedToCompletedAndNamesTheSealOnceTheLedgerSealedIt() {
        store.append(new RecordDraft(LINE, "alarm", null, Map.of("alarm", "door-open", "state", "raised")));
        Batches.complete3(store, "LOT-1", 500.0); // records 2..6
        Batches.start(store, "LOT-2", "Olive oil 500 ml");
        Anchors.anchorAll(store, LINE);

        RangeProofFile batch = proofs.batchProofOf("LOT-1").orElseThrow();
        assertEquals(2, batch.firstSeq());
        assertEquals(6, batch.lastSeq());
        assertNull(batch.seal(), "not sealed yet");
        assertEquals("line-1-LOT-1.batch-proof.json", batch.fileName());

        List<LineRecord> range = store.range(LINE, 2, 6);
        BatchSeals seals = store.batchSeals().orElseThrow();
        BatchSeal planned = seals.plan("LOT-1", LINE, 2, 6, RangeProofFile.batchRoot(LINE, range),
                RangeProofFile.certificateDigest(range));
        String tx = "0x" + "5e".repeat(32);
        seals.markSent(planned.id(), tx);
        seals.markSealed(planned.id(), 0, tx, 120);
        RangeProofFile sealed = proofs.batchProofOf("LOT-1").orElseThrow();
        assertEquals(new RangeProofFile.Seal(0, RangeProofFile.batchRoot(LINE, range), range.get(4).digest(), tx, 120),
                sealed.seal());
        assertEquals(sealed, RangeProofFile.parse(sealed.toJson()));

        assertTrue(proofs.batchProofOf("LOT-9").isEmpty());
        ProofFiles.NoRangeProofException running = assertThrows(ProofFiles.NoRangeProofException.class,
                () -> proofs.batchProofOf("LOT-2"));
        assertTrue(running.getMessage().contains("no batch-completed record yet"), running.getMessage());
    }

    @Test
    void batchCompletedAgainIsProvenToItsLastCompletionAndAnEarlierSealIsNotNamed() {
        Batches.complete3(store, "LOT-1", 500.0); // records 1..5
        Anchors.anchorAll(store, LINE);
        List<LineRecord> first = store.range(LINE, 1, 5);
        BatchSeals seals = store.batchSeals().orElseThrow();
        BatchSeal planned = seals.plan("LOT-1", LINE, 1, 5, RangeProofFile.batchRoot(LINE, first),
                RangeProofFile.certificateDigest(first));
        seals.markSealed(planned.id(), 0, "0x" + "5e".repeat(32), 120);
        Batches.complete(store, "LOT-1", "Olive oil 500 ml", 2, 1); // completed again: record 6
        Anchors.anchorAll(store, LINE);

        RangeProofFile again = proofs.batchProofOf("LOT-1").orElseThrow();
        assertEquals(1, again.firstSeq());
        assertEquals(6, again.lastSeq());
        assertNull(again.seal(), "the seal is of the earlier range 1..5");
    }

    @Test
    void batchWhoseCompletedRecordIsNotAnchoredYetHasNoBatchProof() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchor(store, LINE, 1, 4);
        assertThrows(RecordNotAnchoredException.class, () -> proofs.batchProofOf("LOT-1"));
    }

    @Test
    void proofFileNameIsLineAndSeqWithUnsafeCharactersReplaced() {
        assertEquals("line-1-7.proof.json", ProofFiles.fileName("line-1", 7));
        assertEquals("hall_2_line__a_-7.proof.json", ProofFiles.fileName("hall/2 line \"a\"", 7));
    }
}
