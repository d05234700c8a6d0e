package io.lineledger.verifier;

import static io.lineledger.verifier.Finding.Status.FAIL;
import static io.lineledger.verifier.Finding.Status.NOT_CHECKED;
import static io.lineledger.verifier.Finding.Status.PASS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LeafEncoding;
import io.lineledger.model.RangeProofFile;
import io.lineledger.verifier.Verification.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RangeProofVerifierTest {

    private final TestLine line = TestLine.demo();
    private final Proofs.FakeChain chain = line.honestChain();

    private ProofVerifier pinned() {
        return new ProofVerifier(chain).pinnedTo(Proofs.network());
    }

    @Test
    void rangeAcrossThreeWindowsIsValidWithEveryCheckPassed() {
        RangeProofFile file = line.rangeProof(5, 33);
        assertEquals(3, file.windows().size());
        assertEquals(29, file.records().size());
        Verification result = pinned().verify(file);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertEquals(List.of("record-digest", "record-sequence", "prev-links", "anchor-coverage", "merkle-proof",
                "leaf-position", "pinned-registry", "pinned-network", "chain-id", "contract-anchor",
                "anchor-transaction", "authorized-writer"), result.findings().stream().map(Finding::check).toList());
        assertTrue(result.findings().stream().allMatch(f -> f.status() == PASS), result.report());
    }

    @Test
    void gapRecordsOfTheRangeAreListedAndV1WindowsReportedWeaker() {
        Verification result = pinned().verify(line.rangeProof(5, 33));
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("gap record 12: the line was not observed from "
                + "2025-03-01T06:00:10Z to 2025-03-01T06:00:12Z (opcua-session-lost: Bad_ConnectionClosed)")),
                result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("1 of 3 windows use proof format v1, the weaker")),
                result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.contains("record 4), which this file does not hold")),
                result.report());
        assertTrue(result.report().contains("note: gap record 12"), result.report());
    }

    @Test
    void rangeWithoutGapsSaysSo() {
        Verification result = pinned().verify(line.rangeProof(26, 40));
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertTrue(result.notes().contains("no gap record in 26..40: the line was observed throughout"), result.report());
        assertTrue(result.finding("merkle-proof").orElseThrow().detail().contains("the whole window"), result.report());
    }

    @Test
    void wholeLineFromItsFirstRecordChecksTheFirstPrevLinkToo() {
        Verification result = pinned().verify(line.rangeProof(1, 40));
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertFalse(result.notes().stream().anyMatch(n -> n.contains("does not hold")), result.report());
    }

    @Test
    void unsealedBatchIsValidAndSaysItIsNotSealedNeverThatItIs() {
        RangeProofFile file = line.batchProof();
        Verification result = pinned().verify(file);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertEquals(PASS, status(result, "batch-bounds"));
        assertTrue(result.finding("batch-seal").isEmpty(), result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("batch 'B-1' is not sealed on chain")),
                result.report());
        assertFalse(result.report().contains("is sealed"), result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("2 of the 16 records in the range of batch 'B-1'")),
                result.report());
    }

    @Test
    void sealedBatchIsValidNamingTheSealingRevision() {
        RangeProofFile file = line.batchProof();
        line.seal(chain, RangeProofFile.batchRoot(TestLine.LINE, line.range(TestLine.LINE, 3, 18)), 120);
        Verification result = pinned().verify(file);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertEquals(PASS, status(result, "batch-seal"));
        assertTrue(result.finding("batch-seal").orElseThrow().detail().startsWith("batch 'B-1' is sealed: revision 0 of 1"),
                result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("batch 'B-1' revision 0 (seal): block 120")),
                result.report());
    }

    @Test
    void amendedBatchReportsEveryRevisionAndRefusesTheSupersededRecords() {
        Bytes32 original = RangeProofFile.batchRoot(TestLine.LINE, line.range(TestLine.LINE, 3, 18));
        line.seal(chain, original, 120);
        line.seal(chain, Bytes32.fromHex("0x" + "12".repeat(32)), 130);
        Verification result = pinned().verify(line.batchProof());
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("these records are revision 0 of the "
                + "batch, superseded by revision 1"), result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("batch 'B-1' revision 1 (amendment, reason " + line.records.get(17).digest())),
                result.report());
    }

    @Test
    void sealOfOtherRecordsOrByAnUnlistedWriterIsInvalid() {
        line.seal(chain, Bytes32.fromHex("0x" + "34".repeat(32)), 120);
        Verification result = pinned().verify(line.batchProof());
        assertEquals(FAIL, status(result, "batch-seal"), result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("but the latest revision 0 seals"));

        Proofs.FakeChain other = line.honestChain();
        line.seal(other, RangeProofFile.batchRoot(TestLine.LINE, line.range(TestLine.LINE, 3, 18)), 50);
        // the descriptor grants the writer from block 1: revision at block 50 passes; shift the grant to block 60
        NetworkDescriptor late = new NetworkDescriptor("test plant", Proofs.CHAIN_ID, Proofs.CONTRACT,
                new NetworkDescriptor.PinnedBlock(0, Proofs.GENESIS), java.util.Map.of(TestLine.LINE,
                        List.of(new NetworkDescriptor.WriterGrant(Proofs.WRITER, 60, java.util.Optional.empty()))));
        Verification lateResult = new ProofVerifier(other).pinnedTo(late).verify(line.batchProof());
        assertTrue(lateResult.finding("batch-seal").orElseThrow().detail().contains("revision 0 was written by "),
                lateResult.report());
    }

    @Test
    void batchProofNamingItsSealIsValidOnceTheRegistryAndTheTransactionAgree() {
        RangeProofFile.Seal seal = line.seal(chain, line.batchRoot(), 120);
        RangeProofFile file = RangeProofFile.parse(line.batchProof().withSeal(seal).toJson());
        assertEquals(seal, file.seal());
        Verification result = pinned().verify(file);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("the file's seal (tx " + seal.txHash()
                + ") is that revision's"), result.report());
    }

    @Test
    void batchProofNamingASealTheRegistryDoesNotHoldIsInvalid() {
        RangeProofFile.Seal seal = line.seal(line.honestChain(), line.batchRoot(), 120); // sealed on another chain
        chain.latestBlock = 200;
        Verification result = pinned().verify(line.batchProof().withSeal(seal));
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("holds no seal of batch 'B-1'"),
                result.report());

        chain.latestBlock = 110; // the node has not reached the seal's block yet: it may still come
        Verification behind = pinned().verify(line.batchProof().withSeal(seal));
        assertEquals(Outcome.UNCHECKABLE, behind.outcome(), behind.report());
        assertEquals(NOT_CHECKED, status(behind, "batch-seal"));
    }

    @Test
    void sealStatingAnotherCertificateDigestThanTheBatchCompletedRecordsIsInvalid() {
        TestLine.seal(chain, line.batchRoot(), line.records.get(16).digest(), 120);
        Verification result = pinned().verify(line.batchProof());
        assertEquals(FAIL, status(result, "batch-seal"), result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("not the digest "
                + line.records.get(17).digest() + " of the batch-completed record (seq 18)"), result.report());
    }

    @Test
    void batchCompletedAgainIsProvenToItsLastCompletionAndItsEarlierRangeIsSuperseded() {
        TestLine again = TestLine.completedAgain();
        Proofs.FakeChain sealedTwice = again.honestChain();
        again.seal(sealedTwice, RangeProofFile.batchRoot(TestLine.LINE, again.range(TestLine.LINE, 3, 18)), 120);
        RangeProofFile.Seal amendment = TestLine.seal(sealedTwice, RangeProofFile.batchRoot(TestLine.LINE,
                again.range(TestLine.LINE, 3, 22)), again.records.get(21).digest(), 130);

        RangeProofFile whole = RangeProofFile.batch(TestLine.LINE, TestLine.BATCH, 3, 22, again::range,
                again::anchorOf).withSeal(amendment);
        Verification result = new ProofVerifier(sealedTwice).pinnedTo(Proofs.network()).verify(whole);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertTrue(result.notes().stream().anyMatch(n -> n.startsWith("record 18 is an earlier 'batch-completed' "
                + "record of batch 'B-1': the batch was completed again later; the last completion (seq 22) counts")),
                result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("revision 1 of 2"), result.report());

        RangeProofFile first = RangeProofFile.batch(TestLine.LINE, TestLine.BATCH, 3, 18, again::range,
                again::anchorOf);
        Verification superseded = new ProofVerifier(sealedTwice).pinnedTo(Proofs.network()).verify(first);
        assertEquals(Outcome.INVALID, superseded.outcome(), superseded.report());
        assertTrue(superseded.finding("batch-seal").orElseThrow().detail().contains("superseded by revision 1"),
                superseded.report());
    }

    @Test
    void nodeDownLeavesTheSealUncheckedNeverSealed() {
        chain.down = new ChainUnavailableException("cannot reach the node");
        Verification result = pinned().verify(line.batchProof());
        assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
        assertEquals(NOT_CHECKED, status(result, "batch-seal"));
    }

    @Test
    void rangeAndBatchFilesRoundTripAndAreToldApartByFormat(@TempDir Path dir) throws Exception {
        Path range = Files.writeString(dir.resolve("range.json"), line.rangeProof(5, 33).toJson());
        Path batch = Files.writeString(dir.resolve("batch.json"), line.batchProof().toJson());
        assertEquals(line.rangeProof(5, 33), RangeProofFile.parse(Files.readString(range)));
        Verification rangeResult = pinned().verify(range);
        assertEquals(Outcome.VALID, rangeResult.outcome(), rangeResult.report());
        assertTrue(rangeResult.finding("batch-bounds").isEmpty());
        Verification batchResult = pinned().verify(batch);
        assertEquals(Outcome.VALID, batchResult.outcome(), batchResult.report());
        assertEquals(PASS, status(batchResult, "batch-bounds"));
    }

    @Test
    void uploadedContentIsCheckedByTheSameEngineAndRefusedUnreadWhenTooLarge() {
        byte[] content = line.batchProof().toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Verification result = pinned().verify("B-1.batch-proof.json", content);
        assertEquals(Outcome.VALID, result.outcome(), result.report());
        assertEquals(PASS, status(result, "batch-bounds"));
        Verification tooLarge = pinned().withMaxBytes(100).verify("x\u001b[2J.json", content);
        assertEquals(Outcome.UNCHECKABLE, tooLarge.outcome(), tooLarge.report());
        assertTrue(tooLarge.report().contains("x__2J.json is too large"), tooLarge.report());
        Verification duplicate = pinned().verify("dup.json", "{\"format\": 1, \"format\": 2}".getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(duplicate.report().contains("has the key 'format' twice"), duplicate.report());
    }

    @Test
    void contentThatIsNotUtf8IsRefusedWhereverTheBadByteIs() {
        byte[] good = line.rangeProof(5, 33).toJson().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (int at : new int[] {1, good.length / 2, good.length - 2}) {
            for (byte[] bad : new byte[][] {{(byte) 0xc3}, {(byte) 0xff}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}}) {
                byte[] content = new byte[good.length + bad.length];
                System.arraycopy(good, 0, content, 0, at);
                System.arraycopy(bad, 0, content, at, bad.length);
                System.arraycopy(good, at, content, at + bad.length, good.length - at);
                Verification result = pinned().verify("bad.json", content);
                assertEquals(Outcome.UNCHECKABLE, result.outcome(), result.report());
                assertTrue(result.report().contains("bad.json is not UTF-8 text"), result.report());
            }
        }
        assertEquals(Outcome.VALID, pinned().verify("good.json", good).outcome());
    }

    @Test
    void v1AndV2ProofsOfOneStoreVerifyAndOnlyV1IsReportedWeaker() {
        // window 1..10 was anchored with a v1 root: its single-record proof is v1; 11..25 is v2
        Verification v1 = pinned().verify(singleProof(7));
        assertEquals(Outcome.VALID, v1.outcome(), v1.report());
        assertTrue(v1.notes().get(0).startsWith("proof format v1, the weaker format"), v1.report());
        assertTrue(v1.finding("leaf-position").isEmpty());
        Verification v2 = pinned().verify(singleProof(20));
        assertEquals(Outcome.VALID, v2.outcome(), v2.report());
        assertTrue(v2.notes().isEmpty(), v2.report());
        assertEquals(PASS, status(v2, "leaf-position"));
    }

    @Test
    void theStoreHelperTellsWhichFormatAWindowsRootWasBuiltWith() {
        for (var anchor : line.anchors) {
            var tree = io.lineledger.model.MerkleTree.matching(TestLine.LINE,
                    line.range(TestLine.LINE, anchor.firstSeq(), anchor.lastSeq()), anchor.root()).orElseThrow();
            assertEquals(anchor.firstSeq() == 1 ? LeafEncoding.DIGEST : LeafEncoding.LINE_SEQ_DIGEST,
                    tree.encoding().orElseThrow());
        }
    }

    private io.lineledger.model.ProofFile singleProof(long seq) {
        var anchor = line.anchorOf(TestLine.LINE, seq).orElseThrow();
        var window = line.range(TestLine.LINE, anchor.firstSeq(), anchor.lastSeq());
        var tree = io.lineledger.model.MerkleTree.matching(TestLine.LINE, window, anchor.root()).orElseThrow();
        return io.lineledger.model.ProofFile.of(line.records.get((int) seq - 1), tree, anchor);
    }

    private static Finding.Status status(Verification result, String check) {
        return result.finding(check).orElseThrow(() -> new AssertionError("no " + check + " in\n" + result.report()))
                .status();
    }
}
