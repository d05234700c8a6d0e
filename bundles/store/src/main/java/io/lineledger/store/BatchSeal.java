package io.lineledger.store;

import io.lineledger.model.Bytes32;
import java.util.Objects;

/**
 * One entry of the batch seal outbox: what a batch's seal on chain must say (its range on the line, the batch root
 * and the certificate digest of that range) and how far the ledger got with it. A batch completed again later gets a
 * new entry (an amendment on chain); the open entry it replaces becomes {@link Status#SUPERSEDED}.
 *
 * @param firstSeq    the batch's {@code batch-started} record
 * @param lastSeq     its {@code batch-completed} record (the last one, when the batch was completed again)
 * @param txHash      the transaction last sent for it; null before one was sent
 * @param revision    the registry's revision that holds it, once {@link Status#SEALED}; else null
 * @param blockNumber the block of that revision, once sealed; else null
 */
public record BatchSeal(long id, String batchId, String lineId, long firstSeq, long lastSeq, Bytes32 batchRoot,
                        Bytes32 certificateDigest, Status status, String txHash, Long revision, Long blockNumber) {

    public enum Status {
        /** Written before anything was sent (or the send's outcome is unknown): the chain decides what to do. */
        PENDING,
        /** A transaction was sent ({@code txHash}). */
        SENT,
        /** The registry holds it as {@code revision}. */
        SEALED,
        /** The batch changed before this entry was sealed; a later entry of the batch replaces it. */
        SUPERSEDED
    }

    public BatchSeal {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(batchRoot, "batchRoot");
        Objects.requireNonNull(certificateDigest, "certificateDigest");
        Objects.requireNonNull(status, "status");
    }

    public boolean open() {
        return status == Status.PENDING || status == Status.SENT;
    }
}
