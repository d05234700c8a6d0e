package io.lineledger.store;

import java.util.Optional;

/**
 * An append to a line the store does not take now was refused: nothing was written. The draft must be kept by the
 * caller (it is not lost) until the line takes appends again. Two causes: a durable {@link LineFence} (the chain
 * covers sequences the store does not hold), or, after the store opened, a line the ledger has not compared with
 * the chain yet ({@link RecordStore#chainChecked}).
 */
public final class LineFencedException extends IllegalStateException {

    private final String lineId;
    private final transient LineFence fence;

    public LineFencedException(LineFence fence) {
        super("line " + fence.lineId() + " is stopped: the chain covers sequences up to " + (fence.chainNextSeq() - 1)
                + " but the store holds only up to " + fence.storeLastSeq() + " (" + fence.reason() + ");"
                + " new records would reuse anchored sequence numbers. See docs/operations.md, 'A line is stopped'.");
        this.lineId = fence.lineId();
        this.fence = fence;
    }

    /** A line that waits for its first comparison with the chain. */
    public static LineFencedException awaitingChainCheck(String lineId) {
        return new LineFencedException(lineId, "line " + lineId + " waits for the ledger's first comparison with the"
                + " chain since the store opened: until then a store restored from an old backup could reuse"
                + " anchored sequence numbers, so its appends are held");
    }

    private LineFencedException(String lineId, String message) {
        super(message);
        this.lineId = lineId;
        this.fence = null;
    }

    public String lineId() {
        return lineId;
    }

    /** The durable fence, or empty when the line only waits for its first chain check. */
    public Optional<LineFence> fence() {
        return Optional.ofNullable(fence);
    }
}
