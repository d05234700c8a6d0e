package io.lineledger.certificates;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Assembles proof files from the store: of one record (the record, its anchor and the anchored tree), of a line's
 * records a..b, and of a batch (every record of its range, and its seal on chain once the ledger sealed it).
 */
public final class ProofFiles {

    /**
     * Most records one range or batch proof holds (about 525 bytes each in the file, 105 MB at this limit): a larger
     * range is asked for in parts.
     */
    public static final long MAX_RANGE_RECORDS = 200_000;

    private final RecordStore store;

    public ProofFiles(RecordStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** A range or batch proof that cannot be made from what the store holds; the message says why. */
    public static final class NoRangeProofException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        NoRangeProofException(String message) {
            super(message);
        }
    }

    /**
     * The proof that record {@code lineId/seq} was anchored.
     *
     * @throws RecordNotFoundException    when the line has no such record
     * @throws RecordNotAnchoredException when the record is not anchored yet
     * @throws TamperedRecordException   when the store finds a record of the anchored range changed behind its back
     * @throws IllegalStateException      when the stored records of the anchored range no longer give the anchored
     *                                    root (the store was altered after anchoring)
     */
    public ProofFile proofOf(String lineId, long seq) {
        LineRecord record = store.find(lineId, seq).orElseThrow(() -> new RecordNotFoundException(lineId, seq));
        Anchor anchor = store.anchorOf(lineId, seq).orElseThrow(() -> new RecordNotAnchoredException(lineId, seq));
        List<LineRecord> range = store.range(lineId, anchor.firstSeq(), anchor.lastSeq());
        long expected = anchor.lastSeq() - anchor.firstSeq() + 1;
        if (range.size() != expected) {
            throw new IllegalStateException("line " + lineId + " has " + range.size() + " records in anchored range "
                    + anchor.firstSeq() + ".." + anchor.lastSeq() + ", expected " + expected);
        }
        // v2 or v1, as the window was anchored; never hand out a proof that cannot verify: no match means the stored
        // records were changed
        MerkleTree tree = MerkleTree.matching(lineId, range, anchor.root()).orElseThrow(() -> new IllegalStateException(
                "records " + lineId + "/" + anchor.firstSeq() + ".." + anchor.lastSeq() + " give neither the v2 nor"
                        + " the v1 root " + anchor.root() + " that was anchored in tx " + anchor.txHash()));
        return ProofFile.of(record, tree, anchor);
    }

    /**
     * The proof that records {@code firstSeq..lastSeq} of {@code lineId} are complete and unaltered, with the gap
     * records in the range (see {@link RangeProofFile#lineRange}).
     *
     * @throws NoRangeProofException      when the range is not {@code 1 <= firstSeq <= lastSeq} or holds more than
     *                                    {@link #MAX_RANGE_RECORDS} records
     * @throws RecordNotFoundException    when the line has no record {@code lastSeq} (or none at all)
     * @throws RecordNotAnchoredException when a record of the range is not anchored yet (named: the first such)
     * @throws TamperedRecordException   when the store finds a record of the range changed behind its back
     * @throws IllegalStateException      when the stored records of a window no longer give its anchored root
     */
    public RangeProofFile rangeProofOf(String lineId, long firstSeq, long lastSeq) {
        checkRange(lineId, firstSeq, lastSeq);
        long last = store.lastSeq(lineId);
        if (last < lastSeq) {
            throw new RecordNotFoundException(lineId, last < firstSeq ? firstSeq : lastSeq);
        }
        requireAnchored(lineId, lastSeq);
        return RangeProofFile.lineRange(lineId, firstSeq, lastSeq, store::range, store::anchorOf);
    }

    /**
     * The proof of a batch: every record of the line from the batch's {@code batch-started} record to its last
     * {@code batch-completed} record (the last word on the batch, as on its certificate), and the batch's seal on
     * chain when the ledger sealed exactly that range. Empty when the store holds no record of the batch.
     *
     * @throws NoRangeProofException      when the batch has no batch-completed record yet (it runs), no batch-started
     *                                    record before it on its line, or more than {@link #MAX_RANGE_RECORDS}
     * @throws RecordNotAnchoredException when its batch-completed record is not anchored yet
     * @throws TamperedRecordException   when the store finds a record of the range changed behind its back
     * @throws IllegalStateException      when the stored records of a window no longer give its anchored root
     */
    public Optional<RangeProofFile> batchProofOf(String batchId) {
        List<LineRecord> records = store.batch(batchId);
        if (records.isEmpty()) {
            return Optional.empty();
        }
        LineRecord completed = null;
        for (LineRecord record : records) {
            if (RecordTypes.BATCH_COMPLETED.equals(record.type())) {
                completed = record; // the last word on the batch counts
            }
        }
        if (completed == null) {
            throw new NoRangeProofException("batch " + batchId + " has no batch-completed record yet: a batch proof"
                    + " covers a completed batch");
        }
        String lineId = completed.lineId();
        long lastSeq = completed.seq();
        long firstSeq = records.stream()
                .filter(r -> r.lineId().equals(lineId) && RecordTypes.BATCH_STARTED.equals(r.type())
                        && r.seq() < lastSeq)
                .mapToLong(LineRecord::seq)
                .findFirst()
                .orElseThrow(() -> new NoRangeProofException("batch " + batchId + " has no batch-started record"
                        + " before its batch-completed record " + lineId + "/" + lastSeq + ": its range on the line is"
                        + " unknown, so no batch proof can be made (its records have record proofs)"));
        checkRange(lineId, firstSeq, lastSeq);
        requireAnchored(lineId, lastSeq);
        RangeProofFile file = RangeProofFile.batch(lineId, batchId, firstSeq, lastSeq, store::range, store::anchorOf);
        return Optional.of(sealOf(file).map(file::withSeal).orElse(file));
    }

    /**
     * The batch's seal as the ledger recorded it, when it seals exactly this file's range and records (a seal of an
     * earlier range of a batch completed again is not named: the verifier reads the registry's revisions anyway).
     */
    private Optional<RangeProofFile.Seal> sealOf(RangeProofFile file) {
        Optional<BatchSeal> sealed = store.batchSeals().flatMap(seals -> seals.latestSealed(file.batchId()));
        if (sealed.isEmpty() || !sealed.get().lineId().equals(file.lineId())
                || sealed.get().firstSeq() != file.firstSeq() || sealed.get().lastSeq() != file.lastSeq()
                || sealed.get().txHash() == null) {
            return Optional.empty();
        }
        List<LineRecord> records = file.records().stream().map(RangeProofFile.Entry::record).toList();
        Bytes32 root = RangeProofFile.batchRoot(file.lineId(), records);
        Bytes32 certificate = RangeProofFile.certificateDigest(records);
        BatchSeal seal = sealed.get();
        if (!seal.batchRoot().equals(root) || !seal.certificateDigest().equals(certificate)) {
            throw new IllegalStateException("batch " + file.batchId() + " was sealed with root " + seal.batchRoot()
                    + " and certificate " + seal.certificateDigest() + ", but its stored records give " + root
                    + " and " + certificate + ": the stored records were changed after the seal");
        }
        return Optional.of(new RangeProofFile.Seal(seal.revision(), root, certificate, seal.txHash(),
                seal.blockNumber()));
    }

    private static void checkRange(String lineId, long firstSeq, long lastSeq) {
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new NoRangeProofException("a range of line " + lineId + " runs from a first seq >= 1 to a last seq"
                    + " not below it, got " + firstSeq + ".." + lastSeq);
        }
        if (lastSeq - firstSeq + 1 > MAX_RANGE_RECORDS) {
            throw new NoRangeProofException("range " + lineId + "/" + firstSeq + ".." + lastSeq + " holds "
                    + (lastSeq - firstSeq + 1) + " records; one proof file holds at most " + MAX_RANGE_RECORDS
                    + ": ask for consecutive parts");
        }
    }

    /** The line's anchors are a gap-free prefix: the last record of a range anchored means all of it is. */
    private void requireAnchored(String lineId, long lastSeq) {
        if (store.anchorOf(lineId, lastSeq).isEmpty()) {
            throw new RecordNotAnchoredException(lineId, lastSeq);
        }
    }

    /**
     * The file name a downloaded proof gets: {@code <lineId>-<seq>.proof.json}, with any character of the line id
     * other than letters, digits, '.', '_' and '-' replaced by '_' (it goes into an HTTP header and a file system).
     * Range and batch proofs are named by {@link RangeProofFile#fileName()}.
     */
    public static String fileName(String lineId, long seq) {
        return lineId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + seq + ".proof.json";
    }
}
