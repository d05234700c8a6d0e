package io.lineledger.shell.internal;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.ledger.ChainInfo;
import java.util.Optional;

/**
 * The only class of the shell that names the ledger's types. The JVM loads it when the anchoring service exists (and
 * so its package), so the shell bundle resolves and runs without the ledger.
 */
final class LedgerCalls {

    private LedgerCalls() {
    }

    static void anchorPending(Object service) {
        ((AnchoringService) service).anchorPending();
    }

    static Optional<AnchoringTrigger.Registry> registry(Object service) {
        try {
            ChainInfo chain = ((AnchoringService) service).chain();
            return Optional.of(new AnchoringTrigger.Registry(chain.chainId(), chain.contractAddress()));
        } catch (IllegalStateException e) {
            return Optional.empty(); // not connected to the node yet
        }
    }
}
