package io.lineledger.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ProofFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ProofFile sampleProof() {
        List<LineRecord> records = SampleRecords.chain("line-1", 5);
        MerkleTree tree = MerkleTree.of(records.stream().map(LineRecord::digest).toList());
        Anchor anchor = new Anchor(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                "0x" + "ab".repeat(32), 7, 0, "line-1", 1, 5, tree.root());
        return ProofFile.of(records.get(2), tree, anchor);
    }

    @Test
    void toJsonThenParseGivesTheSameProof() {
        ProofFile proof = sampleProof();
        ProofFile back = ProofFile.parse(proof.toJson());
        assertEquals(proof, back);
        assertEquals(proof.toJson(), back.toJson());
        assertTrue(MerkleTree.verify(back.root(), back.record().digest(), back.proof()));
    }

    @Test
    void writtenFileHasTheDocumentedShape() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(sampleProof().toJson());
        assertEquals("lineledger-proof", json.get("format").asText());
        assertEquals(1, json.get("version").asInt());
        assertEquals("line-1", json.get("record").get("line").asText());
        assertEquals(3, json.get("record").get("seq").asInt());
        assertEquals("bytes32", json.get("merkle").get("leafEncoding").get(0).asText());
        assertEquals(sampleProof().proof().size(), json.get("merkle").get("proof").size());
        assertTrue(json.get("merkle").get("proof").size() >= 2, "the malformed cases edit proof[1]");
        assertEquals(31337, json.get("anchor").get("chainId").asLong());
        assertEquals(5, json.get("anchor").get("lastSeq").asLong());
    }

    @Test
    void recordIsReadFromTheFileNotTrustedFromItsDigest() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(sampleProof().toJson());
        ((ObjectNode) json.get("record").get("fields")).put("inSpec", false);
        ProofFile tampered = ProofFile.parse(json.toString());
        // the claimed digest is kept as claimed; the record's own digest is recomputed and differs
        assertEquals(sampleProof().digest(), tampered.digest());
        assertTrue(!tampered.record().digest().equals(tampered.digest()));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("'format'", j -> j.put("format", "something-else")),
                bad("'format'", j -> j.remove("format")),
                bad("'version'", j -> j.put("version", 2)),
                bad("'version'", j -> j.put("version", "1")),
                bad("'record'", j -> j.remove("record")),
                bad("'record'", j -> j.put("record", "{}")),
                bad("'record.line'", j -> ((ObjectNode) j.get("record")).remove("line")),
                bad("'record.seq'", j -> ((ObjectNode) j.get("record")).put("seq", 0)),
                bad("'record.seq'", j -> ((ObjectNode) j.get("record")).put("seq", 2.5)),
                bad("'record.recordedAt'", j -> ((ObjectNode) j.get("record")).put("recordedAt", "noon")),
                bad("'record.prev'", j -> ((ObjectNode) j.get("record")).put("prev", "0xabc")),
                bad("'salt'", j -> j.remove("salt")),
                bad("'salt'", j -> j.put("salt", "0x1234")),
                bad("'salt'", j -> j.put("salt", "0x" + "g".repeat(64))),
                bad("'digest'", j -> j.remove("digest")),
                bad("'digest'", j -> j.put("digest", 12)),
                bad("'merkle'", j -> j.remove("merkle")),
                bad("'merkle.leafEncoding'", j -> merkle(j).putArray("leafEncoding").add("address")),
                bad("'merkle.leafEncoding'", j -> merkle(j).remove("leafEncoding")),
                bad("'merkle.root'", j -> merkle(j).remove("root")),
                bad("'merkle.root'", j -> merkle(j).put("root", "0x00")),
                bad("'merkle.proof'", j -> merkle(j).put("proof", "0x00")),
                bad("'merkle.proof[1]'", j -> ((ArrayNode) merkle(j).get("proof")).set(1, "0x1234")),
                bad("'merkle.proof[1]'", j -> ((ArrayNode) merkle(j).get("proof")).set(1, 5)),
                bad("'merkle.proof[0]'", j -> ((ArrayNode) merkle(j).get("proof")).set(0, JSON.createObjectNode())),
                bad("'anchor'", j -> j.remove("anchor")),
                bad("'anchor.chainId'", j -> anchor(j).put("chainId", "31337")),
                bad("'anchor.chainId'", j -> anchor(j).put("chainId", 1.5)),
                bad("'anchor.chainId'", j -> anchor(j).put("chainId", 0)),
                bad("'anchor.chainId'", j -> anchor(j).remove("chainId")),
                bad("'anchor.contract'", j -> anchor(j).put("contract", "0x1234")),
                bad("'anchor.contract'", j -> anchor(j).put("contract", 5)),
                bad("'anchor.txHash'", j -> anchor(j).put("txHash", "0xnothex")),
                bad("'anchor.blockNumber'", j -> anchor(j).put("blockNumber", -1)),
                bad("'anchor.blockNumber'", j -> anchor(j).put("blockNumber", "7")),
                bad("'anchor.logIndex'", j -> anchor(j).remove("logIndex")),
                bad("'anchor.lineId'", j -> anchor(j).put("lineId", 1)),
                bad("'anchor.firstSeq'", j -> anchor(j).put("firstSeq", 0)),
                bad("'anchor.lastSeq'", j -> anchor(j).put("lastSeq", 0)),
                bad("'anchor.lastSeq'", j -> anchor(j).put("lastSeq", "99999999999999999999999")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedFileIsRejectedNamingTheField(String field, Consumer<ObjectNode> mutation) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(sampleProof().toJson());
        mutation.accept(json);
        ProofFormatException e = assertThrows(ProofFormatException.class, () -> ProofFile.parse(json.toString()));
        assertTrue(e.getMessage().contains(field), "message names " + field + ": " + e.getMessage());
    }

    @Test
    void textThatIsNotAJsonObjectIsRejected() {
        assertTrue(assertThrows(ProofFormatException.class, () -> ProofFile.parse("{\"format\":"))
                .getMessage().contains("not valid JSON"));
        assertTrue(assertThrows(ProofFormatException.class, () -> ProofFile.parse("[1, 2]"))
                .getMessage().contains("JSON object"));
        assertThrows(ProofFormatException.class, () -> ProofFile.parse(""));
    }

    private static Arguments bad(String field, Consumer<ObjectNode> mutation) {
        return Arguments.of(field, mutation);
    }

    private static ObjectNode merkle(ObjectNode json) {
        return (ObjectNode) json.get("merkle");
    }

    private static ObjectNode anchor(ObjectNode json) {
        return (ObjectNode) json.get("anchor");
    }
}
