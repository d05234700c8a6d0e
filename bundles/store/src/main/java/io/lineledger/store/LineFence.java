package io.lineledger.store;

import java.time.Instant;

/**
 * A line the store refuses to append to, because the chain already covers sequence numbers the store does not
 * hold (e.g. the database was restored from an old backup): appending would reuse numbers that are anchored.
 *
 * @param lineId          the line
 * @param chainNextSeq    the contract's next expected sequence of the line when the fence was raised
 * @param storeLastSeq    the store's last sequence of the line at that moment
 * @param reason          what was found, for logs and status pages
 * @param raisedAt        when the fence was raised
 */
public record LineFence(String lineId, long chainNextSeq, long storeLastSeq, String reason, Instant raisedAt) {
}
