package io.lineledger.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A proof that a line's records {@code firstSeq..lastSeq} are complete and unaltered: every record (canonical JSON,
 * salt, digest), and for every anchored window the range touches, the anchor and an OpenZeppelin multiproof of the
 * range's records in that window's tree (with no proof nodes when the file holds the whole window). A <em>batch
 * proof</em> is the same over a batch's sequence range, from its {@code batch-started} to its {@code batch-completed}
 * record, and names the batch. Specified in {@code docs/proof-format.md}.
 *
 * <pre>
 * { "format": "lineledger-range-proof", "version": 1, "lineId": "line-1", "firstSeq": 3, "lastSeq": 17,
 *   "records": [ { "salt": "0x…", "digest": "0x…", "record": { … } }, … ],
 *   "windows": [ { "anchor": { "chainId": …, "contract": "0x…", "txHash": "0x…", "blockNumber": …, "logIndex": …,
 *                              "lineId": "line-1", "firstSeq": 1, "lastSeq": 10 },
 *                  "merkle": { "leafEncoding": ["bytes32", "uint64", "bytes32"], "root": "0x…", "treeSize": 10,
 *                              "proof": ["0x…", …], "proofFlags": [true, false, …] } }, … ],
 *   "seal": { "revision": 0, "batchRoot": "0x…", "certificateDigest": "0x…", "txHash": "0x…", "blockNumber": … } }
 * </pre>
 * ({@code seal}: batch proofs of a sealed batch only.)
 *
 * @param lineId   the line
 * @param batchId  the batch of a batch proof; null for a line range proof
 * @param firstSeq first sequence number proven (inclusive)
 * @param lastSeq  last sequence number proven (inclusive)
 * @param records  the records as the file states them, in file order
 * @param windows  the anchored windows, in file order
 * @param seal     (batch proofs) the batch's seal on chain as the plant knew it when it wrote the file; null when
 *                 it knew none (the verifier reads the registry either way)
 */
public record RangeProofFile(String lineId, String batchId, long firstSeq, long lastSeq, List<Entry> records,
                             List<Window> windows, Seal seal) {

    public static final String RANGE_FORMAT = "lineledger-range-proof";
    public static final String BATCH_FORMAT = "lineledger-batch-proof";
    public static final int VERSION = 1;

    public RangeProofFile {
        Objects.requireNonNull(lineId, "lineId");
        records = List.copyOf(records);
        windows = List.copyOf(windows);
        if (records.isEmpty() || windows.isEmpty()) {
            throw new IllegalArgumentException("a range proof holds at least one record and one window");
        }
        if (seal != null && batchId == null) {
            throw new IllegalArgumentException("only a batch proof names a seal");
        }
    }

    /** A file without a seal. */
    public RangeProofFile(String lineId, String batchId, long firstSeq, long lastSeq, List<Entry> records,
                          List<Window> windows) {
        this(lineId, batchId, firstSeq, lastSeq, records, windows, null);
    }

    /** This batch proof naming {@code seal}, the revision of the batch's seal the plant knows on chain. */
    public RangeProofFile withSeal(Seal seal) {
        return new RangeProofFile(lineId, batchId, firstSeq, lastSeq, records, windows, Objects.requireNonNull(seal));
    }

    /**
     * A revision of the batch's seal in the registry: {@code sealBatch} (revision 0) or {@code amendBatch} (later
     * ones), as {@code batchRevision(batchKey, revision)} returns it and the {@code BatchSealed} log of
     * {@code txHash} states it.
     *
     * @param batchRoot         {@link #batchRoot} of the file's records
     * @param certificateDigest {@link #certificateDigest} of the file's records
     */
    public record Seal(long revision, Bytes32 batchRoot, Bytes32 certificateDigest, String txHash, long blockNumber) {

        public Seal {
            Objects.requireNonNull(batchRoot, "batchRoot");
            Objects.requireNonNull(certificateDigest, "certificateDigest");
            Objects.requireNonNull(txHash, "txHash");
            if (revision < 0 || blockNumber < 0) {
                throw new IllegalArgumentException("revision and block must not be negative");
            }
        }
    }

    /** One record of the file with the digest the file claims for it. */
    public record Entry(LineRecord record, Bytes32 digest) {

        public Entry {
            Objects.requireNonNull(record, "record");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /**
     * One anchored window the range touches.
     *
     * @param anchor       where the window's root was anchored (its root is the tree's root)
     * @param leafEncoding the window's leaf encoding: v2, or v1 for windows anchored before v2
     * @param treeSize     the window's number of leaves, {@code anchor.lastSeq - anchor.firstSeq + 1}
     * @param proof        multiproof nodes: empty when the file holds every record of the window
     * @param proofFlags   multiproof flags
     */
    public record Window(Anchor anchor, LeafEncoding leafEncoding, long treeSize, List<Bytes32> proof,
                         List<Boolean> proofFlags) {

        public Window {
            Objects.requireNonNull(anchor, "anchor");
            Objects.requireNonNull(leafEncoding, "leafEncoding");
            proof = List.copyOf(proof);
            proofFlags = List.copyOf(proofFlags);
        }

        /** The multiproof of these leaf hashes, put in the order the proof consumes them (ascending). */
        public MultiProof multiProof(List<Bytes32> leafHashes) {
            List<Bytes32> sorted = new ArrayList<>(leafHashes);
            sorted.sort(null);
            return new MultiProof(sorted, proof, proofFlags);
        }
    }

    /** The store's records of a line range (as {@code RecordStore.range}). */
    @FunctionalInterface
    public interface RecordRange {
        List<LineRecord> range(String lineId, long firstSeq, long lastSeq);
    }

    /**
     * Digests of a line's records {@code firstSeq..lastSeq} in sequence order, each record's link to its predecessor
     * checked (as {@code RecordStore.digests} reads them). Fewer than asked means records are missing.
     */
    @FunctionalInterface
    public interface DigestRange {
        List<Bytes32> digests(String lineId, long firstSeq, long lastSeq);
    }

    /** The anchor covering a record (as {@code RecordStore.anchorOf}). */
    @FunctionalInterface
    public interface AnchorLookup {
        Optional<Anchor> anchorOf(String lineId, long seq);
    }

    public boolean isBatch() {
        return batchId != null;
    }

    public String format() {
        return isBatch() ? BATCH_FORMAT : RANGE_FORMAT;
    }

    /**
     * The proof of records {@code firstSeq..lastSeq} of {@code lineId}, from a store: e.g.
     * {@code RangeProofFile.lineRange(lineId, a, b, store::range, store::anchorOf)}.
     *
     * @throws IllegalArgumentException when a record of the range is missing or not anchored yet
     * @throws IllegalStateException    when the stored records of a window no longer give its anchored root
     */
    public static RangeProofFile lineRange(String lineId, long firstSeq, long lastSeq, RecordRange store,
                                           AnchorLookup anchors) {
        return build(lineId, null, firstSeq, lastSeq, store, anchors);
    }

    /**
     * The proof of a batch: every record of the line from the batch's {@code batch-started} record ({@code firstSeq})
     * to its {@code batch-completed} record ({@code lastSeq}), records of the line in between included.
     *
     * @throws IllegalArgumentException when the range does not start and end with the batch's records, or is not
     *                                  anchored
     */
    public static RangeProofFile batch(String lineId, String batchId, long firstSeq, long lastSeq, RecordRange store,
                                       AnchorLookup anchors) {
        Objects.requireNonNull(batchId, "batchId");
        return build(lineId, batchId, firstSeq, lastSeq, store, anchors);
    }

    private static RangeProofFile build(String lineId, String batchId, long firstSeq, long lastSeq, RecordRange store,
                                        AnchorLookup anchors) {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("bad sequence range " + firstSeq + ".." + lastSeq);
        }
        List<LineRecord> records = store.range(lineId, firstSeq, lastSeq);
        checkConsecutive(lineId, firstSeq, lastSeq, records);
        if (batchId != null) {
            checkBatchBounds(batchId, records);
        }
        List<Window> windows = new ArrayList<>();
        long seq = firstSeq;
        while (seq <= lastSeq) {
            long at = seq;
            Anchor anchor = anchors.anchorOf(lineId, at).orElseThrow(() -> new IllegalArgumentException(
                    "record " + lineId + "#" + at + " is not anchored yet"));
            if (!anchor.covers(at)) {
                throw new IllegalStateException("the anchor of " + lineId + "#" + at + " covers " + anchor.firstSeq()
                        + ".." + anchor.lastSeq());
            }
            boolean inside = anchor.firstSeq() >= firstSeq && anchor.lastSeq() <= lastSeq;
            List<LineRecord> window = inside
                    ? records.subList((int) (anchor.firstSeq() - firstSeq), (int) (anchor.lastSeq() - firstSeq + 1))
                    : store.range(lineId, anchor.firstSeq(), anchor.lastSeq());
            checkConsecutive(lineId, anchor.firstSeq(), anchor.lastSeq(), window);
            MerkleTree tree = MerkleTree.matching(lineId, window, anchor.root()).orElseThrow(() ->
                    new IllegalStateException("records " + lineId + "/" + anchor.firstSeq() + ".." + anchor.lastSeq()
                            + " give neither a v2 nor a v1 root equal to " + anchor.root() + ", anchored in tx "
                            + anchor.txHash() + ": the stored records were changed"));
            long from = Math.max(firstSeq, anchor.firstSeq());
            long to = Math.min(lastSeq, anchor.lastSeq());
            List<Bytes32> leaves = new ArrayList<>((int) (to - from + 1));
            for (LineRecord record : records.subList((int) (from - firstSeq), (int) (to - firstSeq + 1))) {
                leaves.add(tree.leafOf(record));
            }
            MultiProof multiProof = tree.multiProof(leaves);
            windows.add(new Window(anchor, tree.encoding().orElseThrow(), tree.size(), multiProof.proof(),
                    multiProof.proofFlags()));
            seq = anchor.lastSeq() + 1;
        }
        List<Entry> entries = new ArrayList<>(records.size());
        for (LineRecord record : records) {
            entries.add(new Entry(record, record.digest()));
        }
        return new RangeProofFile(lineId, batchId, firstSeq, lastSeq, entries, windows);
    }

    private static void checkConsecutive(String lineId, long firstSeq, long lastSeq, List<LineRecord> records) {
        if (records.size() != lastSeq - firstSeq + 1) {
            throw new IllegalArgumentException("line " + lineId + " has " + records.size() + " records in "
                    + firstSeq + ".." + lastSeq + ", expected " + (lastSeq - firstSeq + 1));
        }
        long expected = firstSeq;
        for (LineRecord record : records) {
            if (record.seq() != expected || !record.lineId().equals(lineId)) {
                throw new IllegalArgumentException("expected record " + lineId + "#" + expected + ", got "
                        + record.lineId() + "#" + record.seq());
            }
            expected++;
        }
    }

    private static void checkBatchBounds(String batchId, List<LineRecord> records) {
        LineRecord first = records.get(0);
        LineRecord last = records.get(records.size() - 1);
        if (!RecordTypes.BATCH_STARTED.equals(first.type()) || !batchId.equals(first.batchId())) {
            throw new IllegalArgumentException("record " + first.seq() + " is not the batch-started record of "
                    + batchId);
        }
        if (!RecordTypes.BATCH_COMPLETED.equals(last.type()) || !batchId.equals(last.batchId())) {
            throw new IllegalArgumentException("record " + last.seq() + " is not the batch-completed record of "
                    + batchId);
        }
    }

    /**
     * The root a batch seal commits to: the v2 tree ({@link MerkleTree#ofRecords}) over every record of the batch's
     * sequence range, as the ledger passes it to {@code sealBatch} and {@code amendBatch} as {@code batchRoot}.
     */
    public static Bytes32 batchRoot(String lineId, List<LineRecord> rangeRecords) {
        if (rangeRecords.size() < PARALLEL_LEAVES) {
            return MerkleTree.ofRecords(lineId, rangeRecords).root();
        }
        // the same tree as ofRecords: the leaves of a large range are hashed on every core
        checkConsecutive(lineId, rangeRecords.get(0).seq(), rangeRecords.get(0).seq() + rangeRecords.size() - 1,
                rangeRecords);
        Bytes32 lineKey = RegistryKeys.lineKey(lineId);
        List<Bytes32> leaves = rangeRecords.parallelStream()
                .map(record -> LeafEncoding.LINE_SEQ_DIGEST.leafHash(lineKey, record.seq(), record.digest()))
                .toList();
        return MerkleTree.ofLeafHashes(leaves).root();
    }

    /** From this many records on, {@link #batchRoot(String, List)} hashes the leaves in parallel. */
    private static final int PARALLEL_LEAVES = 16_384;

    /** Digests a {@link #batchRoot(String, long, long, DigestRange)} reads from the store at once. */
    private static final int ROOT_CHUNK = 65_536;

    /**
     * {@link #batchRoot(String, List)} of records {@code firstSeq..lastSeq} from their digests, read a chunk at a time:
     * a batch of a million records needs its leaves, not its records' JSON. The store checks each record's link to
     * its predecessor; each chunk after the first starts one record early so that the link between chunks is checked
     * too.
     *
     * @throws IllegalArgumentException when a record of the range is missing
     */
    public static Bytes32 batchRoot(String lineId, long firstSeq, long lastSeq, DigestRange store) {
        return batchRoot(lineId, firstSeq, lastSeq, store, ROOT_CHUNK);
    }

    static Bytes32 batchRoot(String lineId, long firstSeq, long lastSeq, DigestRange store, int chunkSize) {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("bad sequence range " + firstSeq + ".." + lastSeq);
        }
        Bytes32 lineKey = RegistryKeys.lineKey(lineId);
        List<Bytes32> leaves = new ArrayList<>((int) Math.min(lastSeq - firstSeq + 1, Integer.MAX_VALUE - 8));
        for (long from = firstSeq; from <= lastSeq; from += chunkSize) {
            long to = Math.min(lastSeq, from + chunkSize - 1);
            long readFrom = from == firstSeq ? from : from - 1;
            List<Bytes32> chunk = store.digests(lineId, readFrom, to);
            if (chunk.size() != to - readFrom + 1) {
                throw new IllegalArgumentException("records " + lineId + "#" + readFrom + ".." + to + " are not all"
                        + " stored: " + chunk.size() + " of " + (to - readFrom + 1));
            }
            for (long seq = from; seq <= to; seq++) {
                leaves.add(LeafEncoding.LINE_SEQ_DIGEST.leafHash(lineKey, seq, chunk.get((int) (seq - readFrom))));
            }
        }
        return MerkleTree.ofLeafHashes(leaves).root();
    }

    /**
     * The certificate digest a batch seal states: the digest of the range's last record, the batch's
     * {@code batch-completed} record, which states what the certificate certifies (verdict, counts, reasons,
     * statistics per characteristic). A certificate lists it among its records' digests.
     *
     * @throws IllegalArgumentException when the last record is not a {@code batch-completed} record
     */
    public static Bytes32 certificateDigest(List<LineRecord> rangeRecords) {
        LineRecord last = rangeRecords.get(rangeRecords.size() - 1);
        if (!RecordTypes.BATCH_COMPLETED.equals(last.type())) {
            throw new IllegalArgumentException("record " + last.lineId() + "#" + last.seq() + " is a '" + last.type()
                    + "' record, not the batch-completed record that ends a batch's range");
        }
        return last.digest();
    }

    public String toJson() {
        ObjectNode root = CanonicalJson.MAPPER.createObjectNode();
        root.put("format", format());
        root.put("version", VERSION);
        root.put("lineId", lineId);
        if (isBatch()) {
            root.put("batch", batchId);
        }
        root.put("firstSeq", firstSeq);
        root.put("lastSeq", lastSeq);
        ArrayNode recordArray = root.putArray("records");
        for (Entry entry : records) {
            ObjectNode item = recordArray.addObject();
            item.put("salt", entry.record().salt().hex());
            item.put("digest", entry.digest().hex());
            item.set("record", CanonicalJson.MAPPER.valueToTree(entry.record().toJsonObject()));
        }
        ArrayNode windowArray = root.putArray("windows");
        for (Window window : windows) {
            ObjectNode item = windowArray.addObject();
            ProofFile.putAnchor(item.putObject("anchor"), window.anchor());
            ObjectNode merkle = item.putObject("merkle");
            ArrayNode types = merkle.putArray("leafEncoding");
            window.leafEncoding().types().forEach(types::add);
            merkle.put("root", window.anchor().root().hex());
            merkle.put("treeSize", window.treeSize());
            ArrayNode proof = merkle.putArray("proof");
            window.proof().forEach(node -> proof.add(node.hex()));
            ArrayNode flags = merkle.putArray("proofFlags");
            window.proofFlags().forEach(flags::add);
        }
        if (seal != null) {
            ObjectNode item = root.putObject("seal");
            item.put("revision", seal.revision());
            item.put("batchRoot", seal.batchRoot().hex());
            item.put("certificateDigest", seal.certificateDigest().hex());
            item.put("txHash", seal.txHash());
            item.put("blockNumber", seal.blockNumber());
        }
        try {
            return CanonicalJson.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Entry entry(JsonNode item, String path) {
        if (!item.isObject()) {
            throw new ProofFormatException("field '" + path + "' must be a JSON object");
        }
        Bytes32 salt = ProofFile.bytes32(item, "salt", path + ".salt");
        LineRecord record = ProofFile.record(path + ".record", item.get("record"), salt);
        return new Entry(record, ProofFile.bytes32(item, "digest", path + ".digest"));
    }

    /**
     * The name a downloaded file gets: {@code <lineId>-<firstSeq>-<lastSeq>.range-proof.json} or
     * {@code <lineId>-<batchId>.batch-proof.json}, every character other than letters, digits, '.', '_' and '-'
     * replaced by '_' (it goes into an HTTP header and a file system).
     */
    public String fileName() {
        String line = safe(lineId);
        return isBatch() ? line + "-" + safe(batchId) + ".batch-proof.json"
                : line + "-" + firstSeq + "-" + lastSeq + ".range-proof.json";
    }

    private static String safe(String id) {
        return id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Reads a range or batch proof file from its text, streaming: the records are taken one by one (canonicalised and
     * hashed on every core, a chunk at a time), never as one tree of the whole file, so a range of a million records
     * fits in a few GB.
     */
    public static RangeProofFile parse(String json) {
        try (JsonParser parser = CanonicalJson.MAPPER.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ProofFormatException("proof file must be a JSON object");
            }
            ObjectNode head = CanonicalJson.MAPPER.createObjectNode();
            List<Entry> entries = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("records".equals(name) && value == JsonToken.START_ARRAY) {
                    entries = streamRecords(parser);
                } else {
                    head.set(name, parser.readValueAsTree());
                }
            }
            return parse(head, entries);
        } catch (JsonProcessingException e) {
            throw new ProofFormatException("proof file is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static final int CHUNK = 4096;

    private static List<Entry> streamRecords(JsonParser parser) throws java.io.IOException {
        List<Entry> entries = new ArrayList<>();
        List<JsonNode> chunk = new ArrayList<>(CHUNK);
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            chunk.add(parser.readValueAsTree());
            if (chunk.size() == CHUNK) {
                entries.addAll(entries(chunk, entries.size()));
                chunk.clear();
            }
        }
        entries.addAll(entries(chunk, entries.size()));
        return entries;
    }

    private static List<Entry> entries(List<JsonNode> items, int offset) {
        return java.util.stream.IntStream.range(0, items.size())
                .parallel()
                .mapToObj(i -> entry(items.get(i), "records[" + (offset + i) + "]"))
                .toList();
    }

    /** Reads a range or batch proof file; a {@link ProofFormatException} names the field and value that are wrong. */
    public static RangeProofFile parse(JsonNode root) {
        return parse(root, null);
    }

    /** {@code streamed}: the records already read from the text (then {@code root} has no "records"), or null. */
    private static RangeProofFile parse(JsonNode root, List<Entry> streamed) {
        String format = ProofFile.text(root, "format", "format");
        if (!RANGE_FORMAT.equals(format) && !BATCH_FORMAT.equals(format)) {
            throw new ProofFormatException("field 'format' must be '" + RANGE_FORMAT + "' or '" + BATCH_FORMAT
                    + "', got '" + format + "'");
        }
        long version = ProofFile.number(root, "version", "version");
        if (version != VERSION) {
            throw new ProofFormatException("field 'version': unsupported " + format + " version " + version
                    + " (this reader knows " + VERSION + ")");
        }
        String lineId = ProofFile.text(root, "lineId", "lineId");
        String batchId = BATCH_FORMAT.equals(format) ? ProofFile.text(root, "batch", "batch") : null;
        if (batchId == null && root.has("batch")) {
            throw new ProofFormatException("field 'batch' belongs in a " + BATCH_FORMAT + " file only");
        }
        long firstSeq = ProofFile.atLeast(1, ProofFile.number(root, "firstSeq", "firstSeq"), "firstSeq");
        long lastSeq = ProofFile.atLeast(firstSeq, ProofFile.number(root, "lastSeq", "lastSeq"), "lastSeq");
        List<Entry> entries = streamed;
        if (entries == null) {
            JsonNode recordArray = root.get("records");
            if (recordArray == null || !recordArray.isArray()) {
                throw new ProofFormatException("field 'records' must be a non-empty array");
            }
            List<JsonNode> items = new ArrayList<>(recordArray.size());
            recordArray.forEach(items::add);
            entries = entries(items, 0);
        }
        if (entries.isEmpty()) {
            throw new ProofFormatException("field 'records' must be a non-empty array");
        }
        JsonNode windowArray = root.get("windows");
        if (windowArray == null || !windowArray.isArray() || windowArray.isEmpty()) {
            throw new ProofFormatException("field 'windows' must be a non-empty array");
        }
        List<Window> windows = new ArrayList<>(windowArray.size());
        for (int i = 0; i < windowArray.size(); i++) {
            String path = "windows[" + i + "]";
            JsonNode item = windowArray.get(i);
            if (!item.isObject()) {
                throw new ProofFormatException("field '" + path + "' must be a JSON object");
            }
            JsonNode merkle = ProofFile.object(item, "merkle", path + ".merkle");
            Bytes32 windowRoot = ProofFile.bytes32(merkle, "root", path + ".merkle.root");
            Anchor anchor = ProofFile.anchor(ProofFile.object(item, "anchor", path + ".anchor"), path + ".anchor",
                    windowRoot);
            LeafEncoding encoding = ProofFile.leafEncoding(merkle, path + ".merkle.leafEncoding");
            long treeSize = ProofFile.atLeast(1, ProofFile.number(merkle, "treeSize", path + ".merkle.treeSize"),
                    path + ".merkle.treeSize");
            JsonNode proofNode = merkle.get("proof");
            if (proofNode == null || !proofNode.isArray()) {
                throw new ProofFormatException("field '" + path + ".merkle.proof' must be an array of 0x-hex bytes32");
            }
            List<Bytes32> proof = new ArrayList<>(proofNode.size());
            for (int k = 0; k < proofNode.size(); k++) {
                proof.add(ProofFile.hex32(path + ".merkle.proof[" + k + "]", proofNode.get(k).asText()));
            }
            JsonNode flagNode = merkle.get("proofFlags");
            if (flagNode == null || !flagNode.isArray()) {
                throw new ProofFormatException("field '" + path + ".merkle.proofFlags' must be an array of booleans");
            }
            List<Boolean> flags = new ArrayList<>(flagNode.size());
            for (int k = 0; k < flagNode.size(); k++) {
                if (!flagNode.get(k).isBoolean()) {
                    throw new ProofFormatException("field '" + path + ".merkle.proofFlags[" + k + "]' must be true or "
                            + "false, got " + flagNode.get(k));
                }
                flags.add(flagNode.get(k).asBoolean());
            }
            windows.add(new Window(anchor, encoding, treeSize, proof, flags));
        }
        Seal seal = null;
        if (root.has("seal")) {
            if (batchId == null) {
                throw new ProofFormatException("field 'seal' belongs in a " + BATCH_FORMAT + " file only");
            }
            JsonNode s = ProofFile.object(root, "seal", "seal");
            String txHash = ProofFile.text(s, "txHash", "seal.txHash");
            ProofFile.hex32("seal.txHash", txHash);
            seal = new Seal(ProofFile.atLeast(0, ProofFile.number(s, "revision", "seal.revision"), "seal.revision"),
                    ProofFile.bytes32(s, "batchRoot", "seal.batchRoot"),
                    ProofFile.bytes32(s, "certificateDigest", "seal.certificateDigest"), txHash,
                    ProofFile.atLeast(0, ProofFile.number(s, "blockNumber", "seal.blockNumber"), "seal.blockNumber"));
        }
        return new RangeProofFile(lineId, batchId, firstSeq, lastSeq, entries, windows, seal);
    }
}
