package io.lineledger.store;

import io.lineledger.model.Bytes32;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The ledger's outbox of batch seals ({@code sealBatch}/{@code amendBatch} on the registry), kept with the records so
 * that a restart neither seals a batch twice nor forgets one: an entry is written before its transaction is sent,
 * the transaction's hash right after, the registry's revision once it is mined. Thread-safe.
 */
public interface BatchSeals {

    /** A line's {@code batch-completed} record: its sequence number and batch. */
    record Completion(long seq, String batchId) {
    }

    /**
     * The line's {@code batch-completed} records with {@code afterSeq < seq <= throughSeq}, oldest first, at most
     * {@code limit}.
     */
    List<Completion> completions(String lineId, long afterSeq, long throughSeq, int limit);

    /** The sequence number of the batch's first {@code batch-started} record on the line, if it has one. */
    OptionalLong startedSeq(String lineId, String batchId);

    /**
     * Writes the entry for the batch's range {@code firstSeq..lastSeq} (status PENDING) and marks the batch's open
     * entries of other ranges SUPERSEDED, in one transaction. When an entry for this batch and {@code lastSeq}
     * exists, returns it unchanged (planning again after a restart is harmless).
     *
     * @throws IllegalArgumentException when that existing entry states another root or certificate digest
     */
    BatchSeal plan(String batchId, String lineId, long firstSeq, long lastSeq, Bytes32 batchRoot,
                   Bytes32 certificateDigest);

    /** Records the transaction sent for an open entry (status SENT). */
    void markSent(long id, String txHash);

    /** The registry holds the entry as {@code revision} in {@code blockNumber} (status SEALED). */
    void markSealed(long id, long revision, String txHash, long blockNumber);

    /** Entries PENDING or SENT, oldest first. */
    List<BatchSeal> open();

    /** The batch's newest entry, whatever its status. */
    Optional<BatchSeal> latest(String batchId);

    /** The batch's newest SEALED entry. */
    Optional<BatchSeal> latestSealed(String batchId);

    /** The highest {@code lastSeq} of the line's entries, 0 when it has none: where looking for completions resumes. */
    long lastPlannedSeq(String lineId);
}
