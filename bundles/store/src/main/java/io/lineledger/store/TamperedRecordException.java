package io.lineledger.store;

/**
 * A stored record no longer matches its own digest (or its row): someone changed the database behind the
 * store's back. Never caught and ignored: it is an alarm.
 */
public final class TamperedRecordException extends IllegalStateException {

    private final String lineId;
    private final long seq;

    public TamperedRecordException(String lineId, long seq, String detail) {
        super("record " + lineId + "#" + seq + " was tampered with: " + detail);
        this.lineId = lineId;
        this.seq = seq;
    }

    public String lineId() {
        return lineId;
    }

    public long seq() {
        return seq;
    }
}
