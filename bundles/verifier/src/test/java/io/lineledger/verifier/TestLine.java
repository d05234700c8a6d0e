package io.lineledger.verifier;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LeafEncoding;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.RegistryKeys;
import io.lineledger.verifier.ChainReader.BatchRevision;
import io.lineledger.verifier.ChainReader.OnChainAnchor;
import io.lineledger.verifier.internal.AnchoredEvent;
import io.lineledger.verifier.internal.BatchSealedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory line as a store holds it: records chained 1..n, anchored windows (the first anchored with a v1 root,
 * later ones with v2, as a store upgraded in place), and what an honest chain says about them.
 *
 * <p>The demo line: 40 records; batch B-1 from its batch-started (seq 3) to its batch-completed (seq 18), with a
 * gap record (seq 12, of no batch) and an alarm of the line (seq 14) inside; windows 1..10 (v1), 11..25, 26..40.
 */
public final class TestLine {

    public static final String LINE = "line-1";
    public static final String BATCH = "B-1";

    public final List<LineRecord> records = new ArrayList<>();
    public final List<Anchor> anchors = new ArrayList<>();
    private long block = 100;

    public static TestLine demo() {
        TestLine line = new TestLine();
        for (int seq = 1; seq <= 40; seq++) {
            line.append(draft(seq));
        }
        line.anchor(1, 10, LeafEncoding.DIGEST);
        line.anchor(11, 25, LeafEncoding.LINE_SEQ_DIGEST);
        line.anchor(26, 40, LeafEncoding.LINE_SEQ_DIGEST);
        return line;
    }

    /** {@code count} quality records of one batch, anchored in windows of {@code window} (v2). */
    public static TestLine large(int count, int window) {
        TestLine line = new TestLine();
        for (int seq = 1; seq <= count; seq++) {
            line.append(quality(seq, "B-9"));
        }
        for (int first = 1; first <= count; first += window) {
            line.anchor(first, Math.min(count, first + window - 1), LeafEncoding.LINE_SEQ_DIGEST);
        }
        return line;
    }

    /**
     * One batch B-9 of {@code count} records (batch-started, quality records, batch-completed), anchored in windows of
     * {@code window} (v2): what a batch proof of a long run holds.
     */
    public static TestLine largeBatch(int count, int window) {
        TestLine line = new TestLine();
        line.append(new RecordDraft(LINE, RecordTypes.BATCH_STARTED, "B-9", Map.of("product", "water-0.5l")));
        for (int seq = 2; seq < count; seq++) {
            line.append(quality(seq, "B-9"));
        }
        line.append(new RecordDraft(LINE, RecordTypes.BATCH_COMPLETED, "B-9", Map.of("verdict", "PASS",
                "parts", count - 2)));
        for (int first = 1; first <= count; first += window) {
            line.anchor(first, Math.min(count, first + window - 1), LeafEncoding.LINE_SEQ_DIGEST);
        }
        return line;
    }

    private static RecordDraft draft(int seq) {
        if (seq == 3) {
            return new RecordDraft(LINE, RecordTypes.BATCH_STARTED, BATCH, Map.of("product", "water-0.5l",
                    "sourceTime", "2025-03-01T06:00:03Z"));
        }
        if (seq == 12) {
            return new ObservationGap(LINE, Instant.parse("2025-03-01T06:00:10Z"), Instant.parse("2025-03-01T06:00:12Z"),
                    ObservationGap.CAUSE_SESSION_LOST, "Bad_ConnectionClosed").toDraft();
        }
        if (seq == 14) {
            return new RecordDraft(LINE, RecordTypes.ALARM, null, Map.of("alarm", "door-open", "state", "raised"));
        }
        if (seq == 18) {
            return new RecordDraft(LINE, RecordTypes.BATCH_COMPLETED, BATCH, Map.of("verdict", "PASS", "count", 13));
        }
        return quality(seq, seq > 3 && seq < 18 ? BATCH : null);
    }

    private static RecordDraft quality(int seq, String batch) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("fillWeight", 500.0 + seq % 7);
        fields.put("result", seq % 5 == 0 ? "FAIL" : "PASS");
        return new RecordDraft(LINE, RecordTypes.QUALITY, batch, fields);
    }

    private void append(RecordDraft draft) {
        long seq = records.size() + 1;
        Bytes32 prev = records.isEmpty() ? Bytes32.ZERO : records.get(records.size() - 1).digest();
        byte[] salt = new byte[32];
        salt[0] = (byte) 0x5a;
        salt[28] = (byte) (seq >>> 24);
        salt[29] = (byte) (seq >>> 16);
        salt[30] = (byte) (seq >>> 8);
        salt[31] = (byte) seq;
        records.add(LineRecord.seal(draft, seq, prev, Instant.parse("2025-03-01T06:00:00Z").plusSeconds(seq),
                Bytes32.of(salt)));
    }

    private void anchor(long first, long last, LeafEncoding encoding) {
        Bytes32 root = MerkleTree.of(encoding, LINE, range(LINE, first, last)).root();
        block++;
        String tx = "0x" + String.format("%064x", block * 7919);
        anchors.add(new Anchor(Proofs.CHAIN_ID, Proofs.CONTRACT, tx, block, 0, LINE, first, last, root));
    }

    public List<LineRecord> range(String lineId, long first, long last) {
        return List.copyOf(records.subList((int) first - 1, (int) last));
    }

    public Optional<Anchor> anchorOf(String lineId, long seq) {
        return anchors.stream().filter(a -> a.covers(seq)).findFirst();
    }

    public RangeProofFile rangeProof(long first, long last) {
        return RangeProofFile.lineRange(LINE, first, last, this::range, this::anchorOf);
    }

    public RangeProofFile batchProof() {
        return RangeProofFile.batch(LINE, BATCH, 3, 18, this::range, this::anchorOf);
    }

    /** A chain holding exactly these anchors, each by {@link Proofs#WRITER}, and no batch seal. */
    Proofs.FakeChain honestChain() {
        return chainWith(Proofs.CONTRACT, Proofs.WRITER);
    }

    /**
     * A chain where {@code writer} anchored these windows in the registry at {@code registry}: the plant's, or a
     * look-alike anyone deployed and anchored the same roots in.
     */
    Proofs.FakeChain chainWith(String registry, String writer) {
        Proofs.FakeChain chain = new Proofs.FakeChain();
        chain.chainId = Proofs.CHAIN_ID;
        chain.contract = registry;
        chain.blocks.put(0L, Proofs.GENESIS);
        chain.latestBlock = block + 10;
        for (Anchor a : anchors) {
            chain.anchors.put(a.root(), new OnChainAnchor(RegistryKeys.lineKey(LINE), a.firstSeq(), a.lastSeq(),
                    writer, a.blockNumber()));
            chain.receipts.put(a.txHash(), new ChainReader.Receipt(a.txHash(), 1, a.blockNumber(), List.of(
                    new AnchoredEvent(RegistryKeys.lineKey(LINE), a.root(), writer, a.firstSeq(), a.lastSeq())
                            .toLog(a.logIndex(), registry))));
        }
        return chain;
    }

    /**
     * Seals batch B-1 on {@code chain} with {@code batchRoot} and the digest of its batch-completed record (seq 18) as
     * the certificate digest (revision 0), or amends it (later revisions); the transaction's receipt with its
     * {@code BatchSealed} log is on the chain too. Returns the seal as a batch proof file names it.
     */
    RangeProofFile.Seal seal(Proofs.FakeChain chain, Bytes32 batchRoot, long block) {
        return seal(chain, batchRoot, records.get(17).digest(), block);
    }

    /** As {@link #seal(Proofs.FakeChain, Bytes32, long)} with another certificate digest. */
    static RangeProofFile.Seal seal(Proofs.FakeChain chain, Bytes32 batchRoot, Bytes32 certificate, long block) {
        return seal(chain, LINE, batchRoot, certificate, block);
    }

    /** Seals B-1 under the key of {@code lineId} (another line's writer may take a batch id first). */
    static RangeProofFile.Seal seal(Proofs.FakeChain chain, String lineId, Bytes32 batchRoot, Bytes32 certificate,
                                    long block) {
        Bytes32 batchKey = RegistryKeys.batchKey(BATCH);
        List<BatchRevision> revisions = chain.batches.computeIfAbsent(batchKey, k -> new ArrayList<>());
        Bytes32 reason = revisions.isEmpty() ? Bytes32.ZERO : certificate;
        long revision = revisions.size();
        revisions.add(new BatchRevision(RegistryKeys.lineKey(lineId), certificate, batchRoot, reason, Proofs.WRITER,
                block));
        return recordSeal(chain, batchKey, lineId, revision, certificate, batchRoot, reason, block);
    }

    private static RangeProofFile.Seal recordSeal(Proofs.FakeChain chain, Bytes32 batchKey, String lineId,
                                                  long revision, Bytes32 certificate, Bytes32 batchRoot,
                                                  Bytes32 reason, long block) {
        String tx = "0x" + String.format("%064x", 0x5ea1L * 1_000 + block);
        chain.receipts.put(tx, new ChainReader.Receipt(tx, 1, block, List.of(new BatchSealedEvent(batchKey,
                RegistryKeys.lineKey(lineId), revision, certificate, batchRoot, reason, Proofs.WRITER)
                .toLog(0, Proofs.CONTRACT))));
        chain.latestBlock = Math.max(chain.latestBlock, block + 5);
        return new RangeProofFile.Seal(revision, batchRoot, certificate, tx, block);
    }

    /** The root a seal of B-1's range 3..18 commits to. */
    Bytes32 batchRoot() {
        return RangeProofFile.batchRoot(LINE, range(LINE, 3, 18));
    }

    /**
     * The demo line whose batch B-1 was completed again at seq 22 (a quality record there becomes a second
     * batch-completed record of B-1): its range now runs 3..22.
     */
    public static TestLine completedAgain() {
        TestLine line = new TestLine();
        for (int seq = 1; seq <= 40; seq++) {
            line.append(seq == 22 ? new RecordDraft(LINE, RecordTypes.BATCH_COMPLETED, BATCH,
                    Map.of("verdict", "FAIL", "count", 13, "reason", "re-evaluated")) : draft(seq));
        }
        line.anchor(1, 10, LeafEncoding.DIGEST);
        line.anchor(11, 25, LeafEncoding.LINE_SEQ_DIGEST);
        line.anchor(26, 40, LeafEncoding.LINE_SEQ_DIGEST);
        return line;
    }
}
