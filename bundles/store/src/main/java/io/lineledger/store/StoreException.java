package io.lineledger.store;

/** The database behind the store failed (connection, SQL, constraint); the message says which operation. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
