package io.lineledger.verifier;

/** A network descriptor that cannot be used; the message names the file or field and the value at fault. */
public final class NetworkDescriptorException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NetworkDescriptorException(String message) {
        super(message);
    }
}
