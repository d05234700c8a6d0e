package io.lineledger.ledger.internal;

/**
 * The contract rejected a call or transaction.
 *
 * @see RegistryErrors for how the revert data becomes {@link #errorName()} and the message
 */
public final class ContractRevertedException extends RuntimeException {

    private final String errorName;
    private final String revertData;

    ContractRevertedException(String what, String errorName, String description, String revertData) {
        super(what + " reverted: " + description);
        this.errorName = errorName;
        this.revertData = revertData;
    }

    /** The Solidity error's name, e.g. {@code SequenceGap}; {@code Error} for a string reason; empty if unknown. */
    public String errorName() {
        return errorName;
    }

    /** The raw revert data (0x-prefixed hex), or null when the node gave none. */
    public String revertData() {
        return revertData;
    }
}
