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
 * but a JSON-RPC node of the chain.
 *
 * <pre>
 * { "format": "lineledger-proof", "version": 1,
 *   "record": { ...the record's JSON... }, "salt": "0x…", "digest": "0x…",
 *   "merkle": { "leafEncoding": ["bytes32"], "root": "0x…", "proof": ["0x…", …] },
 *   "anchor": { "chainId": 1337, "contract": "0x…", "txHash": "0x…", "blockNumber": 7, "logIndex": 0,
 *               "lineId": "line-1", "firstSeq": 1, "lastSeq": 20 } }
 * </pre>
 *
 * @param record the record as stated in the file; its digest is recomputed from its JSON and salt
 * @param digest the digest the file claims for the record
 * @param root   the Merkle root the file claims
 * @param proof  sibling path from the record's leaf to {@code root}
 * @param anchor where {@code root} was anchored ({@link Anchor#root()} equals {@code root})
 */
public record ProofFile(LineRecord record, Bytes32 digest, Bytes32 root, List<Bytes32> proof, Anchor anchor) {

    public static final String FORMAT = "lineledger-proof";
    public static final int VERSION = 1;

    public ProofFile {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(anchor, "anchor");
        proof = List.copyOf(proof);
    }

    /** The proof for a stored record inside the tree anchored by {@code anchor}. */
    public static ProofFile of(LineRecord record, MerkleTree tree, Anchor anchor) {
        return new ProofFile(record, record.digest(), tree.root(), tree.proof(record.digest()), anchor);
    }

    public String toJson() {
        ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        root.set("record", CanonicalJson.MAPPER.valueToTree(record.toJsonObject()));
        root.put("salt", record.salt().hex());
        root.put("digest", digest.hex());
        ObjectNode merkle = root.putObject("merkle");
        merkle.putArray("leafEncoding").add("bytes32");
        merkle.put("root", this.root.hex());
        ArrayNode path = merkle.putArray("proof");
        proof.forEach(node -> path.add(node.hex()));
        ObjectNode a = root.putObject("anchor");
        a.put("chainId", anchor.chainId());
        a.put("contract", anchor.contract());
        a.put("txHash", anchor.txHash());
        a.put("blockNumber", anchor.blockNumber());
        a.put("logIndex", anchor.logIndex());
        a.put("lineId", anchor.lineId());
        a.put("firstSeq", anchor.firstSeq());
        a.put("lastSeq", anchor.lastSeq());
        try {
            return CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a proof file; a {@link ProofFormatException} names the field and value that are wrong. */
    public static ProofFile parse(String json) {
        JsonNode root;
        try {
            root = CanonicalJson.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ProofFormatException("proof file is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ProofFormatException("proof file must be a JSON object");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new ProofFormatException("field 'format' must be '" + FORMAT + "', got '" + format + "'");
        }
        long version = number(root, "version");
        if (version != VERSION) {
            throw new ProofFormatException("field 'version': unsupported proof file version " + version
                    + " (this reader knows " + VERSION + ")");
        }
        JsonNode recordNode = root.get("record");
        if (recordNode == null || !recordNode.isObject()) {
            throw new ProofFormatException("field 'record' must be a JSON object");
        }
        Bytes32 salt = bytes32(root, "salt");
        LineRecord record;
        try {
            record = LineRecord.fromCanonical(recordNode.toString(), salt);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            // "record field 'seq' ..." becomes "field 'record.seq' ...", the path style of every other message
            throw new ProofFormatException(message.startsWith("record field '")
                    ? "field 'record." + message.substring("record field '".length())
                    : "field 'record': " + message, e);
        }
        JsonNode merkle = object(root, "merkle");
        JsonNode encoding = merkle.get("leafEncoding");
        if (encoding == null || !encoding.isArray() || encoding.size() != 1 || !"bytes32".equals(encoding.get(0).asText())) {
            throw new ProofFormatException("field 'merkle.leafEncoding' must be [\"bytes32\"], got " + encoding);
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
        JsonNode a = object(root, "anchor");
        long chainId = atLeast(1, number(a, "chainId", "anchor.chainId"), "anchor.chainId");
        String contract = text(a, "contract", "anchor.contract");
        if (!contract.matches("0x[0-9a-fA-F]{40}")) {
            throw new ProofFormatException("field 'anchor.contract' must be a 0x-prefixed 20-byte address, got '"
                    + contract + "'");
        }
        String txHash = text(a, "txHash", "anchor.txHash");
        hex32("anchor.txHash", txHash);
        long blockNumber = atLeast(0, number(a, "blockNumber", "anchor.blockNumber"), "anchor.blockNumber");
        long logIndex = atLeast(0, number(a, "logIndex", "anchor.logIndex"), "anchor.logIndex");
        String lineId = text(a, "lineId", "anchor.lineId");
        long firstSeq = atLeast(1, number(a, "firstSeq", "anchor.firstSeq"), "anchor.firstSeq");
        long lastSeq = atLeast(firstSeq, number(a, "lastSeq", "anchor.lastSeq"), "anchor.lastSeq");
        Anchor anchor = new Anchor(chainId, contract, txHash, blockNumber, logIndex, lineId, firstSeq, lastSeq,
                merkleRoot);
        return new ProofFile(record, bytes32(root, "digest"), merkleRoot, path, anchor);
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new ProofFormatException("field '" + field + "' must be a JSON object");
        }
        return node;
    }

    private static String text(JsonNode parent, String field) {
        return text(parent, field, field);
    }

    private static String text(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual()) {
            throw new ProofFormatException("field '" + path + "' must be a string, got " + node);
        }
        return node.asText();
    }

    private static long number(JsonNode parent, String field) {
        return number(parent, field, field);
    }

    private static long number(JsonNode parent, String field, String path) {
        JsonNode node = parent.get(field);
        if (node == null || !node.canConvertToExactIntegral() || !node.canConvertToLong()) {
            throw new ProofFormatException("field '" + path + "' must be a whole number, got " + node);
        }
        return node.asLong();
    }

    private static long atLeast(long min, long value, String path) {
        if (value < min) {
            throw new ProofFormatException("field '" + path + "' must be >= " + min + ", got " + value);
        }
        return value;
    }

    private static Bytes32 bytes32(JsonNode parent, String field) {
        return bytes32(parent, field, field);
    }

    private static Bytes32 bytes32(JsonNode parent, String field, String path) {
        return hex32(path, text(parent, field, path));
    }

    private static Bytes32 hex32(String path, String value) {
        try {
            return Bytes32.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw new ProofFormatException("field '" + path + "': " + e.getMessage(), e);
        }
    }
}
