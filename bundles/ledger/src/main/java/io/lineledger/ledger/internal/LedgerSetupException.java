package io.lineledger.ledger.internal;

/**
 * The ledger is not set up to anchor on the chain its node serves: no usable signing key, no registry address off the
 * dev chain, an anchoring account that is also the registry's admin. An ALARM of the whole ledger, looked at again on
 * every pass, so it clears by itself once the setup is fixed.
 */
public class LedgerSetupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The chain the node serves, when the problem was found after connecting to it; 0 when not known. */
    private final long nodeChainId;

    LedgerSetupException(String problem, long nodeChainId) {
        super(problem);
        this.nodeChainId = nodeChainId;
    }

    long nodeChainId() {
        return nodeChainId;
    }
}
