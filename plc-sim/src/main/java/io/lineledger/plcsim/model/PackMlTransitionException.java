package io.lineledger.plcsim.model;

/** A PackML command or mode change that the current state does not allow. */
public final class PackMlTransitionException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public PackMlTransitionException(String message) {
        super(message);
    }
}
