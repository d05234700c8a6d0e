package io.lineledger.model;

/** A proof file that cannot be read; the message names the field and the value at fault. */
public final class ProofFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ProofFormatException(String message) {
        super(message);
    }

    public ProofFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
