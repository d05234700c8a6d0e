package io.lineledger.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lineledger.model.Bytes32;
import io.lineledger.verifier.Verification.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A generated corpus of tampered proof files: every field of the record, the proof and the anchor of a v2 record
 * proof; every field of a record, window, anchor and seal of a range and a batch proof; records reordered, removed and
 * duplicated; another chain; a look-alike registry deployed and written by another account. Each is verified pinned
 * to the plant's network against an honest chain (the batch sealed) and must be INVALID with the named check failed.
 * Then the chain lies instead of the file: a batch proof naming its seal against a registry whose seal is missing,
 * of another root, amended since, of another certificate, of another line or by another writer.
 */
class TamperCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TestLine LINE = TestLine.demo();

    @TempDir
    Path dir;

    /** A look-alike registry on the plant's chain, deployed and written by an account the plant never authorized. */
    private static final String LOOK_ALIKE = "0x" + "ab".repeat(20);
    private static final String STRANGER = "0x" + "70".repeat(20);
    private static final long SEAL_BLOCK = 120;

    /** One tampered copy: what was changed, the file, the check that must fail, and what the chain says. */
    record Tamper(String what, String json, String check, Kind kind, Consumer<Proofs.FakeChain> chainChange) {

        Tamper(String what, String json, String check, Kind kind) {
            this(what, json, check, kind, chain -> { });
        }

        @Override
        public String toString() {
            return kind + ": " + what + " -> " + check;
        }
    }

    enum Kind { RECORD, RANGE, BATCH }

    static Stream<Arguments> corpus() throws Exception {
        List<Tamper> corpus = new ArrayList<>();
        corpus.addAll(recordProofTampers());
        corpus.addAll(rangeTampers(Kind.RANGE, LINE.rangeProof(5, 33).toJson()));
        corpus.addAll(rangeTampers(Kind.BATCH, sealedBatchProof()));
        corpus.addAll(sealTampers(sealedBatchProof()));
        corpus.addAll(lyingChains(sealedBatchProof()));
        return corpus.stream().map(Arguments::of);
    }

    /** The batch proof the plant hands out once B-1 is sealed: it names its seal. */
    private static String sealedBatchProof() {
        return LINE.batchProof().withSeal(LINE.seal(new Proofs.FakeChain(), LINE.batchRoot(), SEAL_BLOCK)).toJson();
    }

    /** What the plant's chain says: the anchors; for a batch also its seal. */
    private static Proofs.FakeChain honestChain(Kind kind) {
        if (kind == Kind.RECORD) {
            return Proofs.honestChain(Proofs.proof());
        }
        Proofs.FakeChain chain = LINE.honestChain();
        if (kind == Kind.BATCH) {
            LINE.seal(chain, LINE.batchRoot(), SEAL_BLOCK);
        }
        return chain;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void everyTamperedFileIsInvalidNamingTheCheck(Tamper tamper) throws Exception {
        Path file = Files.writeString(dir.resolve("tampered.json"), tamper.json());
        Proofs.FakeChain chain = honestChain(tamper.kind());
        tamper.chainChange().accept(chain);
        Verification result = new ProofVerifier(chain).pinnedTo(Proofs.network()).verify(file);
        assertEquals(Outcome.INVALID, result.outcome(), tamper + "\n" + result.report());
        assertEquals(Finding.Status.FAIL, result.finding(tamper.check()).map(Finding::status).orElse(null),
                tamper + "\n" + result.report());
    }

    @Test
    void corpusIsLargeAndTheUntamperedFilesAreValid() throws Exception {
        assertTrue(corpus().count() > 250, "corpus size " + corpus().count());
        for (Kind kind : Kind.values()) {
            String json = switch (kind) {
                case RECORD -> Proofs.proof().toJson();
                case RANGE -> LINE.rangeProof(5, 33).toJson();
                case BATCH -> sealedBatchProof();
            };
            Verification result = new ProofVerifier(honestChain(kind)).pinnedTo(Proofs.network())
                    .verify(Files.writeString(dir.resolve(kind + ".json"), json));
            assertEquals(Outcome.VALID, result.outcome(), kind + "\n" + result.report());
        }
        Verification sealed = new ProofVerifier(honestChain(Kind.BATCH)).pinnedTo(Proofs.network())
                .verify(Files.writeString(dir.resolve("sealed.json"), sealedBatchProof()));
        assertEquals(Finding.Status.PASS, sealed.finding("batch-seal").orElseThrow().status(), sealed.report());
    }

    @Test
    void aBatchProofWithoutItsSealIsStillCheckedAgainstTheRegistrysSeal() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(sealedBatchProof());
        json.remove("seal");
        Proofs.FakeChain amended = honestChain(Kind.BATCH);
        LINE.seal(amended, Bytes32.fromHex("0x" + "12".repeat(32)), SEAL_BLOCK + 10);
        Verification result = new ProofVerifier(amended).pinnedTo(Proofs.network())
                .verify(Files.writeString(dir.resolve("unsealed.json"), json.toString()));
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertTrue(result.finding("batch-seal").orElseThrow().detail().contains("superseded by revision 1"),
                result.report());
    }

    @Test
    void anotherChainIdIsInvalidUnpinnedToo() throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(Proofs.proof().toJson());
        ((ObjectNode) json.get("anchor")).put("chainId", 1);
        Verification result = new ProofVerifier(Proofs.honestChain(Proofs.proof()))
                .verify(Files.writeString(dir.resolve("other-chain.json"), json.toString()));
        assertEquals(Outcome.INVALID, result.outcome(), result.report());
        assertEquals(Finding.Status.FAIL, result.finding("chain-id").orElseThrow().status());
    }

    // ---- the record proof (v2) -------------------------------------------------------------------------------

    private static List<Tamper> recordProofTampers() throws Exception {
        String original = Proofs.proof().toJson();
        List<Tamper> out = new ArrayList<>();
        for (String field : fieldPaths(JSON.readTree(original).get("record"), "")) {
            out.add(tamper(Kind.RECORD, original, "record" + field, "record-digest",
                    j -> mutateAt(j.get("record"), field)));
        }
        out.add(tamper(Kind.RECORD, original, "salt", "record-digest", j -> flipHex(j, "salt")));
        out.add(tamper(Kind.RECORD, original, "digest", "record-digest", j -> flipHex(j, "digest")));
        out.add(tamper(Kind.RECORD, original, "merkle.root", "merkle-proof", j -> flipHex(obj(j, "merkle"), "root")));
        int steps = JSON.readTree(original).get("merkle").get("proof").size();
        for (int i = 0; i < steps; i++) {
            int k = i;
            out.add(tamper(Kind.RECORD, original, "merkle.proof[" + i + "]", "merkle-proof",
                    j -> flipHexAt((ArrayNode) j.get("merkle").get("proof"), k)));
        }
        out.add(tamper(Kind.RECORD, original, "merkle.proof dropped node", "merkle-proof",
                j -> ((ArrayNode) j.get("merkle").get("proof")).remove(0)));
        out.add(tamper(Kind.RECORD, original, "merkle.proof extra node", "merkle-proof",
                j -> ((ArrayNode) j.get("merkle").get("proof")).add("0x" + "42".repeat(32))));
        out.add(tamper(Kind.RECORD, original, "merkle.proof reordered", "merkle-proof", j -> {
            ArrayNode path = (ArrayNode) j.get("merkle").get("proof");
            JsonNode first = path.remove(0);
            path.add(first);
        }));
        out.add(tamper(Kind.RECORD, original, "merkle.treeSize", "leaf-position",
                j -> obj(j, "merkle").put("treeSize", j.get("merkle").get("treeSize").asLong() + 1)));
        out.add(tamper(Kind.RECORD, original, "merkle.leafIndex", "leaf-position",
                j -> obj(j, "merkle").put("leafIndex", j.get("merkle").get("leafIndex").asLong() + 1)));
        out.add(tamper(Kind.RECORD, original, "downgraded to v1 (leaf = digest alone)", "merkle-proof", j -> {
            j.put("version", 1);
            ObjectNode merkle = obj(j, "merkle");
            merkle.putArray("leafEncoding").add("bytes32");
            merkle.remove("treeSize");
            merkle.remove("leafIndex");
        }));
        out.addAll(anchorTampers(Kind.RECORD, original, "anchor", "merkle.root"));
        return out;
    }

    // ---- range and batch proofs ------------------------------------------------------------------------------

    private static List<Tamper> rangeTampers(Kind kind, String original) throws Exception {
        List<Tamper> out = new ArrayList<>();
        JsonNode parsed = JSON.readTree(original);
        int count = parsed.get("records").size();
        for (int i : new int[] {0, count / 2, count - 1}) {
            for (String field : fieldPaths(parsed.get("records").get(i).get("record"), "")) {
                out.add(tamper(kind, original, "records[" + i + "].record" + field, "record-digest",
                        j -> mutateAt(j.get("records").get(i).get("record"), field)));
            }
            out.add(tamper(kind, original, "records[" + i + "].salt", "record-digest",
                    j -> flipHex(obj(j.get("records").get(i)), "salt")));
            out.add(tamper(kind, original, "records[" + i + "].digest", "record-digest",
                    j -> flipHex(obj(j.get("records").get(i)), "digest")));
        }
        out.add(tamper(kind, original, "records 2 and 3 swapped", "record-sequence", j -> {
            ArrayNode records = (ArrayNode) j.get("records");
            JsonNode second = records.get(2);
            records.set(2, records.get(3));
            records.set(3, second);
        }));
        for (int i : new int[] {0, 1, count / 2, count - 1}) {
            out.add(tamper(kind, original, "records[" + i + "] removed", "record-sequence",
                    j -> ((ArrayNode) j.get("records")).remove(i)));
            out.add(tamper(kind, original, "records[" + i + "] duplicated", "record-sequence",
                    j -> ((ArrayNode) j.get("records")).insert(i, j.get("records").get(i).deepCopy())));
        }
        out.add(tamper(kind, original, "middle record removed and the range shortened to match", "record-sequence",
                j -> {
                    ((ArrayNode) j.get("records")).remove(count / 2);
                    j.put("lastSeq", j.get("lastSeq").asLong() - 1);
                }));
        out.add(tamper(kind, original, "last record removed and lastSeq lowered", kind == Kind.BATCH ? "batch-bounds"
                : "merkle-proof", j -> {
                    ((ArrayNode) j.get("records")).remove(count - 1);
                    j.put("lastSeq", j.get("lastSeq").asLong() - 1);
                }));
        int windows = parsed.get("windows").size();
        for (int w = 0; w < windows; w++) {
            int k = w;
            String at = "windows[" + w + "]";
            JsonNode merkle = parsed.get("windows").get(w).get("merkle");
            out.add(tamper(kind, original, at + ".merkle.root", "merkle-proof",
                    j -> flipHex(obj(j.get("windows").get(k), "merkle"), "root")));
            out.add(tamper(kind, original, at + ".merkle.treeSize", "leaf-position",
                    j -> obj(j.get("windows").get(k), "merkle").put("treeSize", merkle.get("treeSize").asLong() + 1)));
            for (int p = 0; p < merkle.get("proof").size(); p++) {
                int n = p;
                out.add(tamper(kind, original, at + ".merkle.proof[" + p + "]", "merkle-proof",
                        j -> flipHexAt((ArrayNode) j.get("windows").get(k).get("merkle").get("proof"), n)));
            }
            for (int f = 0; f < merkle.get("proofFlags").size(); f++) {
                int n = f;
                out.add(tamper(kind, original, at + ".merkle.proofFlags[" + f + "]", "merkle-proof", j -> {
                    ArrayNode flags = (ArrayNode) j.get("windows").get(k).get("merkle").get("proofFlags");
                    flags.set(n, JSON.getNodeFactory().booleanNode(!flags.get(n).asBoolean()));
                }));
            }
            if (merkle.get("leafEncoding").size() == 3) {
                out.add(tamper(kind, original, at + " leaves downgraded to v1", "merkle-proof",
                        j -> obj(j.get("windows").get(k), "merkle").putArray("leafEncoding").add("bytes32")));
            }
            out.addAll(anchorTampers(kind, original, at + ".anchor", at + ".merkle.root"));
        }
        if (windows > 1) {
            out.add(tamper(kind, original, "windows[1] removed", "anchor-coverage",
                    j -> ((ArrayNode) j.get("windows")).remove(1)));
            out.add(tamper(kind, original, "windows reordered", "anchor-coverage", j -> {
                ArrayNode list = (ArrayNode) j.get("windows");
                list.add(list.remove(0));
            }));
        }
        if (kind == Kind.BATCH) {
            out.add(tamper(kind, original, "batch named another", "batch-bounds", j -> j.put("batch", "B-2")));
        }
        return out;
    }

    // ---- the seal a batch proof names, and chains that lie about it ----------------------------------------

    /** Every field of the batch proof's {@code seal}, and the seal dropped by a file that another one replaced. */
    private static List<Tamper> sealTampers(String original) {
        List<Tamper> out = new ArrayList<>();
        out.add(tamper(Kind.BATCH, original, "seal.revision", "batch-seal",
                j -> obj(j, "seal").put("revision", 1)));
        out.add(tamper(Kind.BATCH, original, "seal.batchRoot", "batch-seal", j -> flipHex(obj(j, "seal"), "batchRoot")));
        out.add(tamper(Kind.BATCH, original, "seal.certificateDigest", "batch-seal",
                j -> flipHex(obj(j, "seal"), "certificateDigest")));
        out.add(tamper(Kind.BATCH, original, "seal.txHash", "batch-seal", j -> flipHex(obj(j, "seal"), "txHash")));
        out.add(tamper(Kind.BATCH, original, "seal.blockNumber", "batch-seal",
                j -> obj(j, "seal").put("blockNumber", SEAL_BLOCK - 1)));
        out.add(tamper(Kind.BATCH, original, "records and seal of another batch range (its first quality record"
                + " dropped, the range and seal made to match)", "record-sequence", j -> {
                    ((ArrayNode) j.get("records")).remove(1);
                    obj(j, "seal").put("batchRoot", "0x" + "12".repeat(32));
                }));
        return out;
    }

    /** The file as the plant wrote it, against a chain whose registry or network says something else. */
    private static List<Tamper> lyingChains(String original) throws Exception {
        Bytes32 root = LINE.batchRoot();
        List<Tamper> out = new ArrayList<>();
        out.add(new Tamper("seal missing: the registry holds no seal of the batch the file names sealed", original,
                "batch-seal", Kind.BATCH, chain -> chain.batches.clear()));
        out.add(new Tamper("seal for another root", original, "batch-seal", Kind.BATCH, chain -> {
            chain.batches.clear();
            LINE.seal(chain, Bytes32.fromHex("0x" + "34".repeat(32)), SEAL_BLOCK);
        }));
        out.add(new Tamper("seal amended since the file was written (its records are revision 0)", original,
                "batch-seal", Kind.BATCH, chain -> LINE.seal(chain, Bytes32.fromHex("0x" + "12".repeat(32)),
                        SEAL_BLOCK + 10)));
        out.add(new Tamper("seal stating another record's digest as the certificate", original, "batch-seal",
                Kind.BATCH, chain -> {
                    chain.batches.clear();
                    TestLine.seal(chain, root, LINE.records.get(16).digest(), SEAL_BLOCK);
                }));
        out.add(new Tamper("batch id sealed under another line's key", original, "batch-seal", Kind.BATCH, chain -> {
            chain.batches.clear();
            TestLine.seal(chain, "line-2", root, LINE.records.get(17).digest(), SEAL_BLOCK);
        }));
        out.add(new Tamper("seal written by an account that was never the line's writer", original, "batch-seal",
                Kind.BATCH, chain -> {
                    List<ChainReader.BatchRevision> revisions = chain.batches.values().iterator().next();
                    ChainReader.BatchRevision r = revisions.get(0);
                    revisions.set(0, new ChainReader.BatchRevision(r.lineKey(), r.certificateDigest(), r.batchRoot(),
                            r.reasonDigest(), STRANGER, r.blockNumber()));
                }));
        // a look-alike registry: another account deployed it, wrote the line and anchored the same windows in it
        String forged = rewrite(original, j -> {
            for (JsonNode window : j.get("windows")) {
                ((ObjectNode) window.get("anchor")).put("contract", LOOK_ALIKE);
            }
            j.remove("seal");
        });
        Consumer<Proofs.FakeChain> lookAlikeChain = chain -> {
            Proofs.FakeChain lookAlike = LINE.chainWith(LOOK_ALIKE, STRANGER);
            chain.contract = lookAlike.contract;
            chain.anchors.clear();
            chain.anchors.putAll(lookAlike.anchors);
            chain.receipts.clear();
            chain.receipts.putAll(lookAlike.receipts);
            chain.batches.clear();
        };
        out.add(new Tamper("look-alike registry deployed and written by another account", forged, "pinned-registry",
                Kind.BATCH, lookAlikeChain));
        out.add(new Tamper("look-alike registry deployed and written by another account", forged, "authorized-writer",
                Kind.BATCH, lookAlikeChain));
        out.add(tamper(Kind.BATCH, original, "every window anchored on another chain (chain id 1)", "pinned-registry",
                j -> j.get("windows").forEach(w -> ((ObjectNode) w.get("anchor")).put("chainId", 1))));
        out.add(tamper(Kind.RANGE, LINE.rangeProof(5, 33).toJson(), "every window anchored on another chain",
                "pinned-registry", j -> j.get("windows").forEach(w -> ((ObjectNode) w.get("anchor")).put("chainId", 1))));
        return out;
    }

    private static String rewrite(String original, Consumer<ObjectNode> change) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(original);
        change.accept(json);
        return JSON.writeValueAsString(json);
    }

    /** Every field of an anchor object at {@code path} ("anchor" or "windows[1].anchor"). */
    private static List<Tamper> anchorTampers(Kind kind, String original, String path, String rootPath) {
        List<Tamper> out = new ArrayList<>();
        Map<String, String> fieldCheck = new java.util.LinkedHashMap<>();
        fieldCheck.put("chainId", "pinned-registry");
        fieldCheck.put("contract", "pinned-registry");
        fieldCheck.put("txHash", "anchor-transaction");
        fieldCheck.put("blockNumber", "contract-anchor");
        fieldCheck.put("logIndex", "anchor-transaction");
        fieldCheck.put("lineId", kind == Kind.RECORD ? "anchor-range" : "anchor-coverage");
        fieldCheck.put("firstSeq", "contract-anchor");
        fieldCheck.put("lastSeq", "contract-anchor");
        fieldCheck.forEach((field, check) -> out.add(tamper(kind, original, path + "." + field, check, j -> {
            ObjectNode anchor = (ObjectNode) at(j, path);
            switch (field) {
                case "chainId" -> anchor.put(field, 1);
                case "contract" -> anchor.put(field, "0x" + "ab".repeat(20));   // a look-alike registry
                case "txHash" -> flipHex(anchor, field);
                case "lineId" -> anchor.put(field, "line-2");
                case "firstSeq" -> anchor.put(field, anchor.get(field).asLong() + (anchor.get(field).asLong() > 1 ? -1 : 1));
                default -> anchor.put(field, anchor.get(field).asLong() + 1);
            }
        })));
        return out;
    }

    // ---- JSON surgery ----------------------------------------------------------------------------------------

    private static Tamper tamper(Kind kind, String original, String what, String check, Consumer<ObjectNode> change) {
        try {
            ObjectNode json = (ObjectNode) JSON.readTree(original);
            change.accept(json);
            return new Tamper(what, JSON.writeValueAsString(json), check, kind);
        } catch (Exception e) {
            throw new IllegalStateException(what, e);
        }
    }

    /** ".v", ".fields.fillWeight", ...: every leaf value of an object. */
    private static List<String> fieldPaths(JsonNode node, String prefix) {
        List<String> paths = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isObject()) {
                paths.addAll(fieldPaths(e.getValue(), prefix + "." + e.getKey()));
            } else {
                paths.add(prefix + "." + e.getKey());
            }
        }
        return paths;
    }

    /** Changes the value at {@code path} (".fields.result") so that the record still parses. */
    private static void mutateAt(JsonNode root, String path) {
        String[] parts = path.substring(1).split("\\.");
        ObjectNode parent = (ObjectNode) root;
        for (int i = 0; i < parts.length - 1; i++) {
            parent = (ObjectNode) parent.get(parts[i]);
        }
        String key = parts[parts.length - 1];
        JsonNode value = parent.get(key);
        switch (key) {
            case "recordedAt" -> parent.put(key, java.time.Instant.parse(value.asText()).plusSeconds(1).toString());
            case "prev" -> flipHex(parent, key);
            default -> {
                if (value.isNull()) {
                    parent.put(key, "B-forged");
                } else if (value.isBoolean()) {
                    parent.put(key, !value.asBoolean());
                } else if (value.isIntegralNumber()) {
                    parent.put(key, value.asLong() + 1);
                } else if (value.isNumber()) {
                    parent.put(key, value.asDouble() + 0.5);
                } else {
                    parent.put(key, value.asText() + "x");
                }
            }
        }
    }

    private static JsonNode at(JsonNode root, String path) {
        JsonNode node = root;
        for (String part : path.split("\\.")) {
            if (part.endsWith("]")) {
                String name = part.substring(0, part.indexOf('['));
                int index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
                node = node.get(name).get(index);
            } else {
                node = node.get(part);
            }
        }
        return node;
    }

    private static ObjectNode obj(JsonNode node) {
        return (ObjectNode) node;
    }

    private static ObjectNode obj(JsonNode node, String field) {
        return (ObjectNode) node.get(field);
    }

    private static void flipHex(ObjectNode parent, String field) {
        parent.put(field, flip(parent.get(field).asText()));
    }

    private static void flipHexAt(ArrayNode array, int index) {
        array.set(index, JSON.getNodeFactory().textNode(flip(array.get(index).asText())));
    }

    private static String flip(String hex) {
        char last = hex.charAt(hex.length() - 1);
        return hex.substring(0, hex.length() - 1) + (last == '0' ? '1' : '0');
    }
}
