package io.lineledger.certificates;

/** A proof or page was asked for a record the store does not have. */
public final class RecordNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RecordNotFoundException(String lineId, long seq) {
        super("no record " + lineId + "/" + seq);
    }
}
