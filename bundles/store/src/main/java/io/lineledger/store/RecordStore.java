package io.lineledger.store;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Append-only store of line records and the anchoring outbox. Each line has a gap-free sequence starting at 1;
 * each record carries the digest of its predecessor (a hash chain). Implementations are thread-safe.
 */
public interface RecordStore {

    /** The service property that names what a registered store is for; the recording store has none. */
    String PURPOSE = "lineledger.store.purpose";
    String PURPOSE_PAGE_VIEWS = "pages";

    /**
     * The target filter of a reference to the store for page views: the same records, read through a bounded budget of
     * connections of their own (a read that finds it busy too long throws {@link StoreBusyException}), so that page
     * views never take the connections recording needs. Writes made through it are recorded as through the other.
     */
    String PAGE_VIEWS = "(" + PURPOSE + "=" + PURPOSE_PAGE_VIEWS + ")";

    /**
     * The target filter of a reference to the recording store, the one that writes. Every reference that records,
     * anchors or reports must name it: without a target, a static reference whose store is unregistered (the store
     * bundle stopping) rebinds to the page views' store for the moment it is still there, and a line's rules started
     * again in the middle of a shutdown and recorded a gap record nothing anchored.
     */
    String RECORDING = "(!(" + PURPOSE + "=*))";

    /**
     * Commits a draft as the next record of its line (sequence, predecessor digest, time and a fresh salt are
     * assigned here) and returns it. Once this returns, the record is durable.
     */
    LineRecord append(RecordDraft draft);

    /**
     * Commits drafts of one line as its next records, in list order, with one durable commit for all of them (group
     * commit: what a line at full rate needs) and returns them. All or nothing: when it throws, none was stored.
     *
     * @throws IllegalArgumentException when the drafts are not all of one line
     */
    default List<LineRecord> appendAll(List<RecordDraft> drafts) {
        // the fallback for stores without group commit: one commit per record, not atomic
        return drafts.stream().map(this::append).toList();
    }

    Optional<LineRecord> find(String lineId, long seq);

    /** Records {@code firstSeq..lastSeq} (inclusive) of a line, in sequence order. */
    List<LineRecord> range(String lineId, long firstSeq, long lastSeq);

    /**
     * The digests of records {@code firstSeq..lastSeq} (inclusive) of a line, in sequence order, as committed: what a
     * Merkle tree over them needs, without parsing each record's JSON (the anchoring hot path). A gap in the
     * sequence, a broken predecessor link or a JSON that no longer gives its digest is refused as {@link #range}
     * refuses it ({@link TamperedRecordException}).
     */
    default List<Bytes32> digests(String lineId, long firstSeq, long lastSeq) {
        return range(lineId, firstSeq, lastSeq).stream().map(LineRecord::digest).toList();
    }

    /**
     * The digests of records {@code firstSeq..lastSeq} as this store committed them: what a window about to be
     * anchored is built from. Records this store appended lately come from its memory (a bounded amount), so a row
     * changed in the database after its commit cannot change what is anchored, and its reads ({@link #range},
     * {@link #digests}, a proof) refuse it; the rest are read as {@link #digests} reads them.
     */
    default List<Bytes32> committedDigests(String lineId, long firstSeq, long lastSeq) {
        return digests(lineId, firstSeq, lastSeq);
    }

    /**
     * The digests of records {@code firstSeq..lastSeq} as stored, with gaps and predecessor links checked as
     * {@link #digests} checks them, but without hashing each record's JSON again: for ranges {@link #committedDigests}
     * has given already (recent ones from this store's memory, as committed). The ledger seals a batch only once its
     * records are anchored; the seal's root comes from the same digests at a fraction of the cost. A check that must
     * catch a record altered since (a certificate compared with the chain) reads {@link #digests}.
     */
    default List<Bytes32> storedDigests(String lineId, long firstSeq, long lastSeq) {
        return digests(lineId, firstSeq, lastSeq);
    }

    /** Every record of a batch, in line and sequence order. */
    List<LineRecord> batch(String batchId);

    /** The most recent batches first: the latest started first. */
    List<BatchSummary> recentBatches(int limit);

    /**
     * One page of the batch list: the batches that pass the query's filters, most recent first, and how many pass in
     * all. The latest started come first. This default reads every batch through {@link #recentBatches} and filters them here; a store with a batch
     * index answers from it.
     */
    default BatchPage batches(BatchQuery query) {
        List<BatchSummary> matching = recentBatches(Integer.MAX_VALUE).stream().filter(query::matches).toList();
        int from = (int) Math.min(query.offset(), matching.size());
        int to = (int) Math.min((long) from + query.limit(), matching.size());
        return new BatchPage(query, matching.subList(from, to), matching.size());
    }

    /** Highest sequence number on the line, 0 when it has none. */
    long lastSeq(String lineId);

    List<String> lineIds();

    /**
     * Every line's last sequence, read from the records now (not from anyone's last pass), in line order: what status
     * surfaces show as the store's figure. Lines without records are absent.
     */
    default SortedMap<String, Long> lastSeqs() {
        SortedMap<String, Long> lastSeqs = new TreeMap<>();
        for (String lineId : lineIds()) {
            lastSeqs.put(lineId, lastSeq(lineId));
        }
        return Collections.unmodifiableSortedMap(lastSeqs);
    }

    /**
     * The line's {@code gap} records whose blind interval overlaps {@code [from, to]} ({@code to} null: up to now),
     * in sequence order: what a batch certificate must show for the time the batch ran.
     */
    List<LineRecord> gapsTouching(String lineId, Instant from, Instant to);

    // ---- anchoring outbox ------------------------------------------------------------------------------

    /**
     * Records of a line not yet covered by any anchor job, oldest first, at most {@code limit}. A line's jobs tile its
     * sequence from 1, so these are the records after the last job's range.
     */
    List<LineRecord> unanchored(String lineId, int limit);

    /**
     * Writes an anchor job for {@code firstSeq..lastSeq} with its Merkle root, status {@link AnchorJob.Status#PENDING}:
     * from then on the job covers every record of its range. Fails with {@link IllegalStateException} if the range
     * does not start right after the last job of the line or ends beyond its last record.
     */
    AnchorJob createAnchorJob(String lineId, long firstSeq, long lastSeq, Bytes32 root);

    /** Records the hash of the transaction sent for a job (status SENT). */
    void markSent(long jobId, String txHash);

    /** Marks a job anchored with the receipt's facts; every record in its range then has this anchor. */
    void markAnchored(long jobId, Anchor anchor);

    /**
     * Takes back an anchor that a chain reorganization undid: the job that holds exactly this anchor becomes SENT
     * again with the anchor's transaction hash (the transaction may still be mined elsewhere), and its records have
     * no anchor until it is marked anchored anew. Returns the reopened job; a job that is already open is returned
     * as it is. Fails with {@link IllegalStateException} when the job was anchored with other facts.
     */
    AnchorJob unmarkAnchored(Anchor anchor);

    /** Jobs not yet anchored (PENDING or SENT), oldest first: what to reconcile after a restart. */
    List<AnchorJob> openJobs();

    /** The anchor covering a stored record, once the job whose range holds it is anchored. */
    Optional<Anchor> anchorOf(String lineId, long seq);

    // ---- line fences: the chain is ahead of the store ----------------------------------------------------

    /**
     * Stops appends to a line whose chain already covers sequences up to {@code chainNextSeq - 1} while the store
     * holds fewer: from now on {@link #append} of that line throws {@link LineFencedException} (durably: the fence
     * survives a restart). Raising it again for the same line updates it.
     */
    LineFence fenceLine(String lineId, long chainNextSeq, String reason);

    /** The fence of a line, if one is raised. */
    Optional<LineFence> fenceOf(String lineId);

    /** Every raised fence, for status pages. */
    List<LineFence> fences();

    /**
     * Lifts a fence once the store holds the sequences the chain covers again (restored from a backup); fails with
     * {@link IllegalStateException} naming both sequences while it does not.
     */
    void liftFence(String lineId);

    // ---- the first check against the chain after the store opened ---------------------------------------

    /**
     * Lines whose appends were refused because the ledger has not compared them with the chain since the store
     * opened (only a store configured to await that check refuses them): the ledger checks these too, even before
     * they hold a record. Empty when the store does not await the check.
     */
    default Set<String> linesAwaitingChainCheck() {
        return Set.of();
    }

    /**
     * The ledger compared the line with the chain and found the store holds every sequence the chain covers (or
     * raised a {@link #fenceLine fence}): the line takes appends from now on, unless fenced. Called on every pass;
     * cheap. A store that does not await the check ignores it.
     */
    default void chainChecked(String lineId) {
    }

    // ---- batch seals ------------------------------------------------------------------------------------

    /** The ledger's batch seal outbox kept with the records; empty when this store keeps none. */
    default Optional<BatchSeals> batchSeals() {
        return Optional.empty();
    }
}
