package io.lineledger.store;

/**
 * An append to a fenced line was refused: nothing was written. The draft must be kept by the caller (it is not
 * lost) until the fence is lifted.
 */
public final class LineFencedException extends IllegalStateException {

    private final transient LineFence fence;

    public LineFencedException(LineFence fence) {
        super("line " + fence.lineId() + " is stopped: the chain covers sequences up to " + (fence.chainNextSeq() - 1)
                + " but the store holds only up to " + fence.storeLastSeq() + " (" + fence.reason() + ");"
                + " new records would reuse anchored sequence numbers. See docs/operations.md, 'A line is stopped'.");
        this.fence = fence;
    }

    public LineFence fence() {
        return fence;
    }
}
