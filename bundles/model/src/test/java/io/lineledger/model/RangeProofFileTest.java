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

    /** Digests as a store gives them: what is there, in order (the store checks the links). */
    private List<Bytes32> digests(String lineId, long first, long last) {
        return range(lineId, first, last).stream().map(LineRecord::digest).toList();
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

    /** records 1..30 with 3 = batch-started and 12 = batch-completed of B-1: the batch's range is 3..12. */
    private void batchB1() {
        List<LineRecord> rebuilt = new ArrayList<>();
        Bytes32 prev = Bytes32.ZERO;
        for (int seq = 1; seq <= 30; seq++) {
            RecordDraft draft = seq == 3 ? new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "B-1", java.util.Map.of())
                    : seq == 12 ? new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "B-1",
                    java.util.Map.of("verdict", "PASS")) : SampleRecords.draft("line-1", seq);
            LineRecord record = LineRecord.seal(draft, seq, prev, SampleRecords.T0.plusSeconds(seq),
                    SampleRecords.salt(seq));
            rebuilt.add(record);
            prev = record.digest();
        }
        records.clear();
        records.addAll(rebuilt);
        anchors.clear();
        anchor(1, 8, LeafEncoding.DIGEST);
        anchor(9, 20, LeafEncoding.LINE_SEQ_DIGEST);
        anchor(21, 30, LeafEncoding.LINE_SEQ_DIGEST);
    }

    @Test
    void batchProofNamesItsSealAndReadsItBack() {
        batchB1();
        RangeProofFile file = RangeProofFile.batch("line-1", "B-1", 3, 12, this::range, this::anchorOf);
        assertEquals(null, file.seal());
        List<LineRecord> range = range("line-1", 3, 12);
        RangeProofFile.Seal seal = new RangeProofFile.Seal(0, RangeProofFile.batchRoot("line-1", range),
                RangeProofFile.certificateDigest(range), "0x" + "5e".repeat(32), 120);
        RangeProofFile sealed = file.withSeal(seal);
        String json = sealed.toJson();
        assertTrue(json.contains("\"seal\" : {\n    \"revision\" : 0,"), json);
        assertEquals(sealed, RangeProofFile.parse(json));
        assertEquals(range.get(9).digest(), seal.certificateDigest(), "the batch-completed record's digest");
        assertTrue(assertThrows(ProofFormatException.class, () -> RangeProofFile.parse(json.replace(
                "\"blockNumber\" : 120", "\"blockNumber\" : -1"))).getMessage().contains("'seal.blockNumber'"));
        String range1 = RangeProofFile.lineRange("line-1", 3, 12, this::range, this::anchorOf).toJson();
        String rangeWithSeal = range1.substring(0, range1.lastIndexOf('}')) + ", \"seal\": {}}";
        assertTrue(assertThrows(ProofFormatException.class, () -> RangeProofFile.parse(rangeWithSeal))
                .getMessage().contains("'seal' belongs in a lineledger-batch-proof file only"));
    }

    @Test
    void batchRootReadInChunksIsTheRootOfTheWholeRangeAndACertificateIsABatchCompletedRecord() {
        batchB1();
        assertEquals(RangeProofFile.batchRoot("line-1", range("line-1", 3, 12)),
                RangeProofFile.batchRoot("line-1", 3, 12, this::digests));
        assertEquals(MerkleTree.ofRecords("line-1", records).root(),
                RangeProofFile.batchRoot("line-1", 1, 30, this::digests));
        assertThrows(IllegalArgumentException.class, () -> RangeProofFile.certificateDigest(range("line-1", 3, 11)));
        assertThrows(IllegalArgumentException.class, () -> RangeProofFile.batchRoot("line-1", 3, 31, this::digests));
        // in chunks of 7: each chunk after the first is read from one record back, so the store checks that link too
        List<String> reads = new ArrayList<>();
        assertEquals(MerkleTree.ofRecords("line-1", records).root(), RangeProofFile.batchRoot("line-1", 1, 30,
                (line, first, last) -> {
                    reads.add(first + ".." + last);
                    return digests(line, first, last);
                }, 7));
        assertEquals(List.of("1..7", "7..14", "14..21", "21..28", "28..30"), reads);
        List<LineRecord> large = SampleRecords.chain("line-1", 20_000); // leaves hashed in parallel from 16,384 on
        assertEquals(MerkleTree.ofRecords("line-1", large).root(), RangeProofFile.batchRoot("line-1", large));
        List<LineRecord> gap = new ArrayList<>(large);
        gap.remove(10_000);
        assertThrows(IllegalArgumentException.class, () -> RangeProofFile.batchRoot("line-1", gap));
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
