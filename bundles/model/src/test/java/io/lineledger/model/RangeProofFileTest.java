package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RangeProofFileTest {

    private final List<LineRecord> records = new ArrayList<>(SampleRecords.chain("line-1", 30));
    private final List<Anchor> anchors = new ArrayList<>();

    RangeProofFileTest() {
        anchor(1, 8, LeafEncoding.DIGEST);
        anchor(9, 20, LeafEncoding.LINE_SEQ_DIGEST);
        anchor(21, 30, LeafEncoding.LINE_SEQ_DIGEST);
    }

    private void anchor(long first, long last, LeafEncoding encoding) {
        Bytes32 root = MerkleTree.of(encoding, "line-1", range("line-1", first, last)).root();
        anchors.add(new Anchor(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", "0x" + "cd".repeat(32), first, 0,
                "line-1", first, last, root));
    }

    private List<LineRecord> range(String lineId, long first, long last) {
        return List.copyOf(records.subList((int) first - 1, (int) Math.min(last, records.size())));
    }

    private Optional<Anchor> anchorOf(String lineId, long seq) {
        return anchors.stream().filter(a -> a.covers(seq)).findFirst();
    }

    @Test
    void rangeAcrossWindowsHoldsEveryRecordAndAMultiProofPerWindowAndRoundTrips() {
        RangeProofFile file = RangeProofFile.lineRange("line-1", 5, 25, this::range, this::anchorOf);
        assertEquals(21, file.records().size());
        assertEquals(3, file.windows().size());
        assertEquals(List.of(LeafEncoding.DIGEST, LeafEncoding.LINE_SEQ_DIGEST, LeafEncoding.LINE_SEQ_DIGEST),
                file.windows().stream().map(RangeProofFile.Window::leafEncoding).toList());
        assertTrue(file.windows().get(1).proof().isEmpty(), "window 9..20 is held whole");
        for (RangeProofFile.Window window : file.windows()) {
            List<Bytes32> leaves = file.records().stream().map(RangeProofFile.Entry::record)
                    .filter(r -> window.anchor().covers(r.seq()))
                    .map(r -> window.leafEncoding().leafHash(RegistryKeys.lineKey("line-1"), r.seq(), r.digest()))
                    .toList();
            assertEquals(window.anchor().root(), MerkleTree.processMultiProof(window.multiProof(leaves)));
        }
        assertEquals(file, RangeProofFile.parse(file.toJson()));
        assertTrue(file.toJson().startsWith("{\n  \"format\" : \"lineledger-range-proof\""), file.toJson());
        assertEquals("line-1-5-25.range-proof.json", file.fileName());
    }

    @Test
    void unanchoredOrAlteredRecordsGiveNoFile() {
        assertThrows(IllegalArgumentException.class, () -> RangeProofFile.lineRange("line-1", 5, 31, this::range,
                this::anchorOf));
        records.set(14, LineRecord.seal(SampleRecords.draft("line-1", 99), 15, records.get(13).digest(),
                SampleRecords.T0, SampleRecords.salt(99)));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> RangeProofFile.lineRange("line-1", 5, 25, this::range, this::anchorOf));
        assertTrue(e.getMessage().contains("the stored records were changed"), e.getMessage());
    }

    @Test
    void batchProofMustRunFromTheBatchsStartedToItsCompletedRecord() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RangeProofFile.batch("line-1", "B-1", 5, 10, this::range, this::anchorOf));
        assertTrue(e.getMessage().contains("batch-started"), e.getMessage());
    }

    @Test
    void malformedRangeFilesAreRefusedNamingTheField() {
        String json = RangeProofFile.lineRange("line-1", 5, 25, this::range, this::anchorOf).toJson();
        assertTrue(assertThrows(ProofFormatException.class, () -> RangeProofFile.parse(json.replace(
                "\"proofFlags\" : [ true", "\"proofFlags\" : [ 1"))).getMessage().contains("proofFlags[0]"));
        assertTrue(assertThrows(ProofFormatException.class, () -> RangeProofFile.parse(json.replaceFirst(
                "\"salt\" : \"0x", "\"salt\" : \"0y"))).getMessage().contains("'records[0].salt'"));
        assertTrue(assertThrows(ProofFormatException.class, () -> RangeProofFile.parse(json.replace(
                "lineledger-range-proof", "lineledger-batch-proof"))).getMessage().contains("'batch'"));
    }
}
