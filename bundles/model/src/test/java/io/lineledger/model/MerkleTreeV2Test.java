package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** v2 leaves, multiproofs and the v1/v2 helper; OpenZeppelin agreement is checked by the verifier's interop tests. */
class MerkleTreeV2Test {

    private static final List<LineRecord> RECORDS = SampleRecords.chain("line-1", 40);

    @Test
    void aTreeFromTheRecordsDigestsIsTheTreeOfTheRecords() {
        List<LineRecord> window = RECORDS.subList(4, 31);
        List<Bytes32> digests = window.stream().map(LineRecord::digest).toList();

        MerkleTree fromDigests = MerkleTree.ofDigests("line-1", window.get(0).seq(), digests);

        assertEquals(MerkleTree.ofRecords("line-1", window).root(), fromDigests.root());
        assertEquals(LeafEncoding.LINE_SEQ_DIGEST, fromDigests.encoding().orElseThrow());
        assertNotEquals(fromDigests.root(), MerkleTree.ofDigests("line-1", window.get(0).seq() + 1, digests).root());
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.ofDigests("line-1", 1, List.of()));
    }

    @Test
    void v2LeafIsTheStandardLeafOfAbiEncodedLineKeySeqAndDigest() {
        Bytes32 lineKey = RegistryKeys.lineKey("line-1");
        Bytes32 digest = RECORDS.get(4).digest();
        byte[] encoded = LeafEncoding.LINE_SEQ_DIGEST.abiEncodedValue(lineKey, 0x0102030405L, digest);
        assertEquals(96, encoded.length);
        assertEquals(lineKey.hex().substring(2), HexFormat.of().formatHex(encoded, 0, 32));
        assertEquals("0".repeat(54) + "0102030405", HexFormat.of().formatHex(encoded, 32, 64));
        assertEquals(digest.hex().substring(2), HexFormat.of().formatHex(encoded, 64, 96));
        assertEquals(Keccak.hash(Keccak.hash(encoded).bytes()),
                LeafEncoding.LINE_SEQ_DIGEST.leafHash(lineKey, 0x0102030405L, digest));
        assertEquals(MerkleTree.leafHash(digest), LeafEncoding.DIGEST.leafHash(lineKey, 5, digest));
    }

    @Test
    void oneDigestUnderTwoSequenceNumbersGivesTwoLeavesInV2AndOneInV1() {
        Bytes32 key = RegistryKeys.lineKey("line-1");
        Bytes32 digest = RECORDS.get(0).digest();
        assertNotEquals(LeafEncoding.LINE_SEQ_DIGEST.leafHash(key, 1, digest),
                LeafEncoding.LINE_SEQ_DIGEST.leafHash(key, 2, digest));
        assertNotEquals(LeafEncoding.LINE_SEQ_DIGEST.leafHash(key, 1, digest),
                LeafEncoding.LINE_SEQ_DIGEST.leafHash(RegistryKeys.lineKey("line-2"), 1, digest));
        assertEquals(LeafEncoding.DIGEST.leafHash(key, 1, digest), LeafEncoding.DIGEST.leafHash(key, 2, digest));
    }

    @Test
    void multiProofOfEverySubsetOfSmallTreesLeadsToTheRoot() {
        for (int size = 1; size <= 9; size++) {
            MerkleTree tree = MerkleTree.ofRecords("line-1", RECORDS.subList(0, size));
            for (int mask = 0; mask < (1 << size); mask++) {
                List<Bytes32> leaves = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    if ((mask & (1 << i)) != 0) {
                        leaves.add(tree.leafOf(RECORDS.get(i)));
                    }
                }
                MultiProof proof = tree.multiProof(leaves);
                assertEquals(tree.root(), MerkleTree.processMultiProof(proof), size + " leaves, subset " + mask);
                List<Bytes32> sorted = new ArrayList<>(leaves);
                sorted.sort(null);
                assertEquals(sorted, proof.leaves(), "leaves in ascending order");
            }
        }
    }

    @Test
    void malformedMultiProofsAreRefusedNotMisread() {
        MerkleTree tree = MerkleTree.ofRecords("line-1", RECORDS.subList(0, 6));
        MultiProof good = tree.multiProof(List.of(tree.leafOf(RECORDS.get(1)), tree.leafOf(RECORDS.get(4))));
        List<Boolean> allTrue = good.proofFlags().stream().map(f -> true).toList();
        assertThrows(IllegalArgumentException.class,
                () -> MerkleTree.processMultiProof(new MultiProof(good.leaves(), good.proof(), allTrue)));
        assertThrows(IllegalArgumentException.class,
                () -> MerkleTree.processMultiProof(new MultiProof(good.leaves(), List.of(), good.proofFlags())));
        assertThrows(IllegalArgumentException.class, () -> tree.multiProof(List.of(tree.leafOf(RECORDS.get(1)),
                tree.leafOf(RECORDS.get(1)))));
    }

    @Test
    void possibleProofLengthsAreExactlyThoseOfRealProofs() {
        for (int size = 1; size <= 40; size++) {
            MerkleTree tree = MerkleTree.ofRecords("line-1", RECORDS.subList(0, size));
            java.util.Set<Integer> lengths = new java.util.TreeSet<>();
            for (LineRecord record : RECORDS.subList(0, size)) {
                lengths.add(tree.proofOf(record).size());
            }
            for (int length = 0; length < 10; length++) {
                assertEquals(lengths.contains(length), MerkleTree.possibleProofLength(size, length),
                        size + " leaves, length " + length + ", real lengths " + lengths);
            }
        }
        assertFalse(MerkleTree.possibleProofLength(0, 0));
    }

    @Test
    void matchingTellsWhichFormatAStoredRootWasBuiltWith() {
        List<LineRecord> window = RECORDS.subList(10, 20);
        Bytes32 v1 = MerkleTree.of(window.stream().map(LineRecord::digest).toList()).root();
        Bytes32 v2 = MerkleTree.ofRecords("line-1", window).root();
        assertNotEquals(v1, v2);
        assertEquals(LeafEncoding.DIGEST, MerkleTree.matching("line-1", window, v1).orElseThrow().encoding().orElseThrow());
        assertEquals(LeafEncoding.LINE_SEQ_DIGEST,
                MerkleTree.matching("line-1", window, v2).orElseThrow().encoding().orElseThrow());
        assertTrue(MerkleTree.matching("line-1", RECORDS.subList(10, 19), v2).isEmpty(), "a record short");
        assertEquals(MerkleTree.of(LeafEncoding.DIGEST, "line-1", window).root(), v1);
    }

    @Test
    void v2TreesAreBuiltOverOneLinesConsecutiveRecordsOnly() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.ofRecords("line-2", RECORDS.subList(0, 3)));
        List<LineRecord> gap = new ArrayList<>(RECORDS.subList(0, 3));
        gap.remove(1);
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.ofRecords("line-1", gap));
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.ofRecords("line-1", List.of()));
        MerkleTree v2 = MerkleTree.ofRecords("line-1", RECORDS.subList(0, 3));
        assertThrows(IllegalArgumentException.class, () -> v2.proof(RECORDS.get(0).digest()));
        assertTrue(MerkleTree.verifyRecord(v2.root(), RECORDS.get(1), v2.proofOf(RECORDS.get(1))));
        assertFalse(MerkleTree.verifyRecord(v2.root(), RECORDS.get(2), v2.proofOf(RECORDS.get(1))));
    }
}
