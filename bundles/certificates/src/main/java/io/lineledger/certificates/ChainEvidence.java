package io.lineledger.certificates;

import java.time.Instant;
import java.util.Objects;

/**
 * What the chain says about a batch's records as the store holds them now: their anchored roots rebuilt from the
 * stored records and compared with the registry, and the batch seal likewise. A certificate shows "anchored" or
 * "sealed" only on this evidence, never on the store's word alone (review finding 5: someone with database access
 * can re-seal records so that the store agrees with itself).
 *
 * @param state     how the comparison came out
 * @param detail    for people: what was compared, or what does not match and why
 * @param lineId    the line of the record the mismatch names; null when none is named
 * @param seq       that record's sequence number; 0 when none is named
 * @param checkedAt when the chain was asked; null when it was not (yet)
 * @param pin       what the registry, writer and chain were taken from, in words
 * @param seal      the batch seal as read from the registry; null when there is none (yet) or it was not read
 */
public record ChainEvidence(State state, String detail, String lineId, long seq, Instant checkedAt, String pin,
                            Seal seal) {

    /** From most to least reassuring; {@link #MISMATCH} outranks every other state of a certificate. */
    public enum State {
        /** Every anchored window of the batch and its batch seal match the registry. */
        SEALED,
        /** Every anchored window of the batch matches the registry; no seal yet (or the batch still runs). */
        MATCHES,
        /** The batch has no anchored record yet: nothing to compare. */
        NOTHING_ANCHORED,
        /** Not compared yet for the records as they are now; the page says so and looks again. */
        CHECKING,
        /** The chain could not be asked (no node configured, node unreachable, no registry answers). */
        NOT_CHECKED,
        /** The stored records or their anchors disagree with the chain: the certificate must not be trusted. */
        MISMATCH
    }

    /**
     * The batch's seal as the registry holds it.
     *
     * @param revision    0 for {@code sealBatch}, later ones for amendments
     * @param batchRoot   the root the registry holds (0x hex)
     * @param txHash      the transaction the store names for it
     * @param blockNumber the block the registry states for the revision
     * @param blockTime   when that block was made, as the node says; null when it did not say
     */
    public record Seal(long revision, String batchRoot, String txHash, long blockNumber, Instant blockTime) {
    }

    public ChainEvidence {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(detail, "detail");
        pin = pin == null ? "" : pin;
    }

    /** Not compared, for the reason given (no chain check configured, or the node did not answer). */
    public static ChainEvidence notChecked(String why) {
        return new ChainEvidence(State.NOT_CHECKED, why, null, 0, null, "", null);
    }

    /** Not compared yet: the check is under way. */
    public static ChainEvidence checking(String what) {
        return new ChainEvidence(State.CHECKING, what, null, 0, null, "", null);
    }

    /** True when the chain confirmed every anchored record of the batch (and its seal, if sealed). */
    public boolean confirmed() {
        return state == State.SEALED || state == State.MATCHES;
    }

    public boolean mismatch() {
        return state == State.MISMATCH;
    }

    /** {@code line-1 #42}, or empty when no record is named. */
    public String recordText() {
        return lineId == null ? "" : lineId + " #" + seq;
    }
}
