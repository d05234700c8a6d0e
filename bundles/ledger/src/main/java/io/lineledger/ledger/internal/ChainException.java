package io.lineledger.ledger.internal;

/** The chain node could not be reached or answered with an error that is not a contract revert. */
public final class ChainException extends RuntimeException {

    ChainException(String message) {
        super(message);
    }

    ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
