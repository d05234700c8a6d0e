package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares with {@code merkle-vectors.json}, written by {@code src/test/js/make-merkle-vectors.mjs} from
 * OpenZeppelin's {@code StandardMerkleTree.of(values, ["bytes32"])}.
 */
class MerkleTreeTest {

    private static JsonNode vectors;

    @BeforeAll
    static void loadVectors() throws IOException {
        try (InputStream in = MerkleTreeTest.class.getResourceAsStream("/merkle-vectors.json")) {
            vectors = new ObjectMapper().readTree(in);
        }
    }

    static Stream<Arguments> cases() throws IOException {
        loadVectors();
        List<Arguments> cases = new ArrayList<>();
        vectors.get("cases").forEach(c -> cases.add(Arguments.of(c.get("leaves").asInt(), c)));
        return cases.stream();
    }

    @Test
    void fixtureCoversTheAgreedTreeSizes() {
        List<Integer> sizes = new ArrayList<>();
        vectors.get("cases").forEach(c -> sizes.add(c.get("leaves").asInt()));
        assertEquals(List.of(1, 2, 3, 4, 5, 7, 8, 13), sizes);
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("cases")
    void rootAndEveryProofEqualOpenZeppelins(int leaves, JsonNode vector) {
        List<Bytes32> digests = hexList(vector.get("digests"));
        for (int i = 0; i < leaves; i++) {
            assertEquals(vectorDigest(i), digests.get(i), "fixture digest " + i + " follows its rule");
        }
        MerkleTree tree = MerkleTree.of(digests);
        assertEquals(leaves, tree.size());
        assertEquals(Bytes32.fromHex(vector.get("root").asText()), tree.root());
        for (int i = 0; i < leaves; i++) {
            assertEquals(hexList(vector.get("proofs").get(i)), tree.proof(digests.get(i)), "proof of leaf " + i);
        }
    }

    @ParameterizedTest(name = "{0} leaves")
    @MethodSource("cases")
    void verifyAcceptsOpenZeppelinProofsAndRejectsAFlippedBit(int leaves, JsonNode vector) {
        Bytes32 root = Bytes32.fromHex(vector.get("root").asText());
        List<Bytes32> digests = hexList(vector.get("digests"));
        for (int i = 0; i < leaves; i++) {
            List<Bytes32> proof = hexList(vector.get("proofs").get(i));
            assertTrue(MerkleTree.verify(root, digests.get(i), proof), "leaf " + i);
            assertFalse(MerkleTree.verify(flipBit(root, i), digests.get(i), proof), "root with a flipped bit");
            assertFalse(MerkleTree.verify(root, flipBit(digests.get(i), 255 - i), proof), "digest with a flipped bit");
            for (int p = 0; p < proof.size(); p++) {
                List<Bytes32> tampered = new ArrayList<>(proof);
                tampered.set(p, flipBit(proof.get(p), p * 7));
                assertFalse(MerkleTree.verify(root, digests.get(i), tampered), "proof node " + p + " with a flipped bit");
            }
        }
    }

    @Test
    void leafIsDoubleKeccakOfTheAbiEncodedDigest() {
        Bytes32 digest = vectorDigest(0);
        assertEquals(Keccak.hash(Keccak.hash(digest.bytes()).bytes()), MerkleTree.leafHash(digest));
        assertEquals(MerkleTree.leafHash(digest), MerkleTree.of(List.of(digest)).root());
    }

    @Test
    void nodeHashIsCommutative() {
        Bytes32 a = vectorDigest(1);
        Bytes32 b = vectorDigest(2);
        assertEquals(MerkleTree.nodeHash(a, b), MerkleTree.nodeHash(b, a));
    }

    @Test
    void rootDoesNotDependOnInputOrder() {
        List<Bytes32> digests = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            digests.add(vectorDigest(i));
        }
        Bytes32 root = MerkleTree.of(digests).root();
        java.util.Collections.reverse(digests);
        assertEquals(root, MerkleTree.of(digests).root());
    }

    @Test
    void emptyTreeAndUnknownLeafAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> MerkleTree.of(List.of()));
        MerkleTree tree = MerkleTree.of(List.of(vectorDigest(0), vectorDigest(1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tree.proof(vectorDigest(2)));
        assertTrue(e.getMessage().contains(vectorDigest(2).hex()), e.getMessage());
    }

    /** The fixture's digest rule: sha256(utf8("lineledger-merkle-vector-" + i)). */
    static Bytes32 vectorDigest(int i) {
        try {
            return Bytes32.of(MessageDigest.getInstance("SHA-256")
                    .digest(("lineledger-merkle-vector-" + i).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Bytes32 flipBit(Bytes32 value, int bit) {
        byte[] bytes = value.bytes();
        bytes[(bit / 8) % 32] ^= (byte) (1 << (bit % 8));
        return Bytes32.of(bytes);
    }

    private static List<Bytes32> hexList(JsonNode array) {
        List<Bytes32> values = new ArrayList<>();
        array.forEach(node -> values.add(Bytes32.fromHex(node.asText())));
        return values;
    }
}
