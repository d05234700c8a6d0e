package io.lineledger.store;

/**
 * The database behind the store failed (connection, SQL, constraint); the message says which operation. Transient for
 * callers: the same call may work later. Subclasses say why more precisely ({@link StoreBusyException}).
 */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
