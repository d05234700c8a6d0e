package io.lineledger.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A self-contained, versioned proof that one record was anchored on chain: the record, its salt and digest,
 * the Merkle proof to the anchored root, and where the root was anchored. An auditor needs nothing else
 * but a JSON-RPC node of the chain. Specified in {@code docs/proof-format.md}.
 *
 * <pre>
 * { "format": "lineledger-proof", "version": 2,
 *   "record": { ...the record's JSON... }, "salt": "0x…", "digest": "0x…",
 *   "merkle": { "leafEncoding": ["bytes32", "uint64", "bytes32"], "root": "0x…", "treeSize": 20, "leafIndex": 4,
 *               "proof": ["0x…", …] },
 *   "anchor": { "chainId": 1337, "contract": "0x…", "txHash": "0x…", "blockNumber": 7, "logIndex": 0,
 *               "lineId": "line-1", "firstSeq": 1, "lastSeq": 20 } }
 * </pre>
 *
 * Version 1 files (still read, and written for windows anchored with v1 roots) have {@code "leafEncoding":
 * ["bytes32"]} (the leaf is the digest alone) and no {@code treeSize} or {@code leafIndex}.
 *
 * @param record       the record as stated in the file; its digest is recomputed from its JSON and salt
 * @param digest       the digest the file claims for the record
 * @param root         the Merkle root the file claims
 * @param proof        sibling path from the record's leaf to {@code root}
 * @param anchor       where {@code root} was anchored ({@link Anchor#root()} equals {@code root})
 * @param leafEncoding v1 {@link LeafEncoding#DIGEST} or v2 {@link LeafEncoding#LINE_SEQ_DIGEST}
 * @param treeSize     v2: number of leaves of the tree (the anchored range's {@code lastSeq - firstSeq + 1});
 *                     -1 in v1 (not stated)
 * @param leafIndex    v2: the record's position in the anchored range, {@code seq - firstSeq} (the index of its
 *                     value in {@code StandardMerkleTree.of(values)} with values in sequence order; not its place
 *                     among the hash-sorted leaves); -1 in v1 (not stated)
 */
public record ProofFile(LineRecord record, Bytes32 digest, Bytes32 root, List<Bytes32> proof, Anchor anchor,
                        LeafEncoding leafEncoding, long treeSize, long leafIndex) {

    public static final String FORMAT = "lineledger-proof";
    /** The version this code writes for v2 trees (it reads 1 and 2). */
    public static final int VERSION = 2;

    public ProofFile {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(anchor, "anchor");
        Objects.requireNonNull(leafEncoding, "leafEncoding");
        proof = List.copyOf(proof);
        if (leafEncoding == LeafEncoding.DIGEST && (treeSize != -1 || leafIndex != -1)) {
            throw new IllegalArgumentException("a v1 proof states no tree size or leaf index");
        }
    }

    /** A v1 proof (leaf = the digest alone). */
    public ProofFile(LineRecord record, Bytes32 digest, Bytes32 root, List<Bytes32> proof, Anchor anchor) {
        this(record, digest, root, proof, anchor, LeafEncoding.DIGEST, -1, -1);
    }

    /**
     * The proof for a stored record inside the tree anchored by {@code anchor}: v2 when the tree is v2
     * ({@link MerkleTree#ofRecords}), v1 when it is a v1 tree. {@link MerkleTree#matching} finds the tree of a
     * stored window in whichever encoding its root was built with.
     */
    public static ProofFile of(LineRecord record, MerkleTree tree, Anchor anchor) {
        LeafEncoding encoding = tree.encoding().orElseThrow(
                () -> new IllegalArgumentException("the tree must be built from records or digests"));
        if (encoding == LeafEncoding.DIGEST) {
            return new ProofFile(record, record.digest(), tree.root(), tree.proof(record.digest()), anchor);
        }
        return new ProofFile(record, record.digest(), tree.root(), tree.proofOf(record), anchor, encoding,
                tree.size(), record.seq() - anchor.firstSeq());
    }

    /** 1 or 2: the file's format version, which its leaf encoding decides. */
    public int version() {
        return leafEncoding.proofVersion();
    }

    /** The leaf this file proves, computed from the record's line and seq and the file's digest. */
    public Bytes32 leafHash() {
        return leafEncoding.leafHash(RegistryKeys.lineKey(record.lineId()), record.seq(), digest);
    }

    public String toJson() {
        ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", version());
        root.set("record", CanonicalJson.MAPPER.valueToTree(record.toJsonObject()));
        root.put("salt", record.salt().hex());
        root.put("digest", digest.hex());
        ObjectNode merkle = root.putObject("merkle");
        ArrayNode types = merkle.putArray("leafEncoding");
        leafEncoding.types().forEach(types::add);
        merkle.put("root", this.root.hex());
        if (leafEncoding != LeafEncoding.DIGEST) {
            merkle.put("treeSize", treeSize);
            merkle.put("leafIndex", leafIndex);
        }
        ArrayNode path = merkle.putArray("proof");
        proof.forEach(node -> path.add(node.hex()));
        putAnchor(root.putObject("anchor"), anchor);
        try {
            return CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a proof file (version 1 or 2); a {@link ProofFormatException} names the field and value that are wrong. */
    public static ProofFile parse(String json) {
        return parse(readTree(json));
    }

    static JsonNode readTree(String json) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProofFormatException("proof file is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProofFormatException("proof file must be a JSON object");
        }
        return root;
    }

    /** Reads a proof file already parsed as JSON. */
    public static ProofFile parse(JsonNode root) {
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new ProofFormatException("field 'format' must be '" + FORMAT + "', got '" + format + "'");
        }
        long version = number(root, "version");
        if (version != 1 && version != 2) {
            throw new ProofFormatException("field 'version': unsupported proof file version " + version
                    + " (this reader knows 1 and 2)");
        }
        JsonNode recordNode = root.get("record");
        if (recordNode == null || !recordNode.isObject()) {
            throw new ProofFormatException("field 'record' must be a JSON object");
        }
        Bytes32 salt = bytes32(root, "salt");
        LineRecord record;
        record = record("record", recordNode, salt);
        JsonNode merkle = object(root, "merkle");
        LeafEncoding encoding = leafEncoding(merkle, "merkle.leafEncoding");
        if (encoding.proofVersion() != version) {
            throw new ProofFormatException("field 'version' is " + version + " but field 'merkle.leafEncoding' is "
                    + merkle.get("leafEncoding") + ": a version " + version + " file has " + typesJson(version == 1
                    ? LeafEncoding.DIGEST : LeafEncoding.LINE_SEQ_DIGEST));
        }
        long treeSize = -1;
        long leafIndex = -1;
        if (version == 2) {
            treeSize = atLeast(1, number(merkle, "treeSize", "merkle.treeSize"), "merkle.treeSize");
            leafIndex = atLeast(0, number(merkle, "leafIndex", "merkle.leafIndex"), "merkle.leafIndex");
        }
        JsonNode pathNode = merkle.get("proof");
        if (pathNode == null || !pathNode.isArray()) {
            throw new ProofFormatException("field 'merkle.proof' must be an array of 0x-hex bytes32");
        }
        List<Bytes32> path = new ArrayList<>();
        for (int i = 0; i < pathNode.size(); i++) {
            path.add(hex32("merkle.proof[" + i + "]", pathNode.get(i).asText()));
        }
        Bytes32 merkleRoot = bytes32(merkle, "root", "merkle.root");
        Anchor anchor = anchor(object(root, "anchor"), "anchor", merkleRoot);
        return new ProofFile(record, bytes32(root, "digest"), merkleRoot, path, anchor, encoding, treeSize, leafIndex);
    }

    /** The record of a file: its JSON object and salt; errors name {@code path}, e.g. {@code record.seq}. */
    static LineRecord record(String path, JsonNode recordNode, Bytes32 salt) {
        if (recordNode == null || !recordNode.isObject()) {
            throw new ProofFormatException("field '" + path + "' must be a JSON object");
        }
        try {
            return LineRecord.fromCanonical(recordNode.toString(), salt);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            // "record field 'seq' ..." becomes "field 'record.seq' ...", the path style of every other message
            throw new ProofFormatException(message.startsWith("record field '")
                    ? "field '" + path + "." + message.substring("record field '".length())
                    : "field '" + path + "': " + message, e);
        }
    }

    static LeafEncoding leafEncoding(JsonNode parent, String path) {
        JsonNode node = parent.get("leafEncoding");
        List<String> types = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(type -> types.add(type.isTextual() ? type.asText() : String.valueOf(type)));
        }
        return LeafEncoding.ofTypes(types).orElseThrow(() -> new ProofFormatException("field '" + path
                + "' must be " + typesJson(LeafEncoding.LINE_SEQ_DIGEST) + " (v2) or " + typesJson(LeafEncoding.DIGEST)
                + " (v1), got " + node));
    }

    static String typesJson(LeafEncoding encoding) {
        return "[" + String.join(",", encoding.types().stream().map(t -> "\"" + t + "\"").toList()) + "]";
    }

    /** An anchor object: {@code chainId, contract, txHash, blockNumber, logIndex, lineId, firstSeq, lastSeq}. */
    static Anchor anchor(JsonNode a, String p, Bytes32 root) {
        long chainId = atLeast(1, number(a, "chainId", p + ".chainId"), p + ".chainId");
        String contract = text(a, "contract", p + ".contract");
        if (!contract.matches("0x[0-9a-fA-F]{40}")) {
            throw new ProofFormatException("field '" + p + ".contract' must be a 0x-prefixed 20-byte address, got '"
                    + contract + "'");
        }
        String txHash = text(a, "txHash", p + ".txHash");
        hex32(p + ".txHash", txHash);
        long blockNumber = atLeast(0, number(a, "blockNumber", p + ".blockNumber"), p + ".blockNumber");
        long logIndex = atLeast(0, number(a, "logIndex", p + ".logIndex"), p + ".logIndex");
        String lineId = text(a, "lineId", p + ".lineId");
        long firstSeq = atLeast(1, number(a, "firstSeq", p + ".firstSeq"), p + ".firstSeq");
        long lastSeq = atLeast(firstSeq, number(a, "lastSeq", p + ".lastSeq"), p + ".lastSeq");
        return new Anchor(chainId, contract, txHash, blockNumber, logIndex, lineId, firstSeq, lastSeq, root);
    }

    /** Writes an anchor object (without its root). */
    static void putAnchor(ObjectNode a, Anchor anchor) {
        a.put("chainId", anchor.chainId());
        a.put("contract", anchor.contract());
        a.put("txHash", anchor.txHash());
        a.put("blockNumber", anchor.blockNumber());
        a.put("logIndex", anchor.logIndex());
        a.put("lineId", anchor.lineId());
        a.put("firstSeq", anchor.firstSeq());
        a.put("lastSeq", anchor.lastSeq());
    }

    static JsonNode object(JsonNode parent, String field) {
        return object(parent, field, field);
    }

    static JsonNode object(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new ProofFormatException("field '" + path + "' must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, field);
    }

    static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProofFormatException("field '" + path + "' must be a string, got " + node);
        }
        return node.asText();
    }

    private static long number(JsonNode parent, String field) {
        return number(parent, field, field);
    }

    static long number(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new ProofFormatException("field '" + path + "' must be a whole number, got " + node);
        }
        return node.asLong();
    }

    static long atLeast(long min, long value, String path) {
        if (value < min) {
            throw new ProofFormatException("field '" + path + "' must be >= " + min + ", got " + value);
        }
        return value;
    }

    private static Bytes32 bytes32(JsonNode parent, String field) {
        return bytes32(parent, field, field);
    }

    static Bytes32 bytes32(JsonNode parent, String field, String path) {
        return hex32(path, text(parent, field, path));
    }

    static Bytes32 hex32(String path, String value) {
        try {
            return Bytes32.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("field '" + path + "': " + e.getMessage(), e);
        }
    }
}
