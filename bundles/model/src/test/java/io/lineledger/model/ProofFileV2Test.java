package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProofFileV2Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<LineRecord> RECORDS = SampleRecords.chain("line-1", 12);

    private static Anchor anchor(Bytes32 root) {
        return new Anchor(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", "0x" + "ab".repeat(32), 9, 0, "line-1",
                3, 12, root);
    }

    private static ProofFile v2() {
        MerkleTree tree = MerkleTree.ofRecords("line-1", RECORDS.subList(2, 12));
        return ProofFile.of(RECORDS.get(6), tree, anchor(tree.root()));
    }

    @Test
    void v2FileStatesItsEncodingTreeSizeAndLeafIndexAndRoundTrips() throws Exception {
        ProofFile proof = v2();
        assertEquals(2, proof.version());
        assertEquals(10, proof.treeSize());
        assertEquals(4, proof.leafIndex(), "seq 7 - firstSeq 3");
        var json = JSON.readTree(proof.toJson());
        assertEquals(2, json.get("version").asInt());
        assertEquals("[\"bytes32\",\"uint64\",\"bytes32\"]", json.get("merkle").get("leafEncoding").toString());
        assertEquals(10, json.get("merkle").get("treeSize").asInt());
        assertEquals(4, json.get("merkle").get("leafIndex").asInt());
        assertEquals(proof, ProofFile.parse(proof.toJson()));
        assertEquals(proof.root(), MerkleTree.processLeafProof(proof.leafHash(), proof.proof()));
    }

    @Test
    void v1TreeStillWritesAndReadsAV1File() {
        List<LineRecord> window = RECORDS.subList(2, 12);
        MerkleTree tree = MerkleTree.of(window.stream().map(LineRecord::digest).toList());
        ProofFile v1 = ProofFile.of(RECORDS.get(6), tree, anchor(tree.root()));
        assertEquals(1, v1.version());
        assertEquals(-1, v1.treeSize());
        assertTrue(!v1.toJson().contains("treeSize"), v1.toJson());
        assertEquals(v1, ProofFile.parse(v1.toJson()));
    }

    @Test
    void malformedV2FieldsAreNamed() throws Exception {
        for (String field : List.of("treeSize", "leafIndex")) {
            ObjectNode json = (ObjectNode) JSON.readTree(v2().toJson());
            ((ObjectNode) json.get("merkle")).remove(field);
            ProofFormatException e = assertThrows(ProofFormatException.class, () -> ProofFile.parse(json.toString()));
            assertTrue(e.getMessage().contains("'merkle." + field + "'"), e.getMessage());
        }
        ObjectNode json = (ObjectNode) JSON.readTree(v2().toJson());
        ((ObjectNode) json.get("merkle")).putArray("leafEncoding").add("bytes32").add("uint256").add("bytes32");
        assertTrue(assertThrows(ProofFormatException.class, () -> ProofFile.parse(json.toString())).getMessage()
                .contains("'merkle.leafEncoding'"));
        ObjectNode v3 = (ObjectNode) JSON.readTree(v2().toJson());
        v3.put("version", 3);
        assertTrue(assertThrows(ProofFormatException.class, () -> ProofFile.parse(v3.toString())).getMessage()
                .contains("knows 1 and 2"));
    }
}
