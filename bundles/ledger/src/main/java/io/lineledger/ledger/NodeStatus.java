package io.lineledger.ledger;

import java.time.Instant;

/**
 * How the chain node answers.
 *
 * @param reachable       whether the last pass reached the node
 * @param chainId         the chain id the node serves, as last read (0: never read)
 * @param anchoringChainId the chain id the ledger anchors on (configured, or the first one seen; 0: not known yet);
 *                        a node serving another chain is not used
 * @param headBlock       the node's latest block number, as last read
 * @param lastError       the last problem with the node (unreachable, wrong chain, garbage answers); null when none
 * @param checkedAt       when the node was last asked (null: never)
 * @param stopped         whether {@code lastError} stops all anchoring until someone acts (the node serves another
 *                        chain, no usable signing key, the registry not set up for this account): an ALARM, not a
 *                        node that is merely away
 */
public record NodeStatus(boolean reachable, long chainId, long anchoringChainId, long headBlock, String lastError,
                         Instant checkedAt, boolean stopped) {

    /** A status without a stop (the last problem, if any, is retried by itself). */
    public NodeStatus(boolean reachable, long chainId, long anchoringChainId, long headBlock, String lastError,
                      Instant checkedAt) {
        this(reachable, chainId, anchoringChainId, headBlock, lastError, checkedAt, false);
    }
}
