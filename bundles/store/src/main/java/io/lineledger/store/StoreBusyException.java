package io.lineledger.store;

/**
 * A reader of the store could not get a database connection within its budget in time: every connection its kind of
 * caller may hold (page views: {@code pages.maxConnections} in {@code etc/io.lineledger.store.cfg}) was busy for the
 * whole wait. Nothing was read or written; the same call may work a moment later. Recording never sees this: it does
 * not draw on that budget. A web page answers it with 503.
 */
public final class StoreBusyException extends StoreException {

    private static final long serialVersionUID = 1L;

    private final long waitedMillis;

    public StoreBusyException(String message, long waitedMillis) {
        super(message, null);
        this.waitedMillis = waitedMillis;
    }

    /** How long the caller waited for a connection before giving up. */
    public long waitedMillis() {
        return waitedMillis;
    }
}
