package io.lineledger.certificates;

/** A proof was asked for a record whose anchoring transaction has not been confirmed yet. */
public final class RecordNotAnchoredException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordNotAnchoredException(String lineId, long seq) {
        super("record " + lineId + "/" + seq + " is not anchored yet");
    }
}
