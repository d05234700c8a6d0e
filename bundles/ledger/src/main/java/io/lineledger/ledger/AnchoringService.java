package io.lineledger.ledger;

/**
 * Anchors windows of line records on the LineLedgerRegistry contract. Runs by itself on a schedule; other
 * bundles use it to learn where records are anchored and to flush pending records on demand.
 */
public interface AnchoringService {

    /**
     * The chain, contract and signing account in use.
     *
     * @throws IllegalStateException while the service has not yet reached the chain node
     */
    ChainInfo chain();

    /**
     * Anchors every record not yet covered by an anchor job now, without waiting for its window to close, and
     * processes open jobs once (sends, receipts), including lines that wait for a retry or are in ALARM. Returns
     * when that pass is done; receipts of transactions sent in this pass are picked up by later passes.
     */
    void anchorPending();

    /**
     * How anchoring stands now: the node (reachable, chain id, head block, last error) and, per line, the store's
     * and the chain's sequences, open jobs and the state (OK, RETRYING, ALARM) with its reason. Cheap: a snapshot
     * of the last pass, no call to the node or the store.
     */
    AnchoringStatus status();
}
