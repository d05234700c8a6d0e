package io.lineledger.store;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;

/**
 * One entry of the anchoring outbox: a range of a line's records and its Merkle root.
 *
 * @param txHash set once the transaction was sent, else null
 * @param anchor set once the receipt confirmed it, else null
 */
public record AnchorJob(long id, String lineId, long firstSeq, long lastSeq, Bytes32 root, Status status,
                        String txHash, Anchor anchor) {

    public enum Status { PENDING, SENT, ANCHORED }
}
