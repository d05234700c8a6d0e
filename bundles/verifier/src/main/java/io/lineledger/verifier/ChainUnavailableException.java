package io.lineledger.verifier;

/** The node could not answer: unreachable, timed out, or it returned a JSON-RPC error. Not a verdict on the proof. */
public final class ChainUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ChainUnavailableException(String message) {
        super(message);
    }

    public ChainUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
