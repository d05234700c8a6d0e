package io.lineledger.ledger;

import java.time.Instant;

/**
 * How anchoring of one line stands.
 *
 * @param lineId          the line
 * @param storeLastSeq    the store's highest sequence of the line (0: none)
 * @param lastAnchoredSeq the highest sequence covered by an anchored job (0: none)
 * @param chainNextSeq    the contract's next expected sequence of the line as last read (0: not read yet)
 * @param openJobs        anchor jobs of the line written to the outbox and not yet anchored
 * @param state           OK, RETRYING (a transient cause, retried with backoff) or ALARM (needs a look; still
 *                        re-checked now and then, so it clears by itself once the cause goes away)
 * @param reason          why the line is RETRYING or in ALARM; null when OK
 * @param since           when the line entered its current state
 * @param nextAttempt     when the line is looked at again; null when the next pass looks at it (always when OK, and
 *                        while the line waits for the node)
 */
public record LineStatus(String lineId, long storeLastSeq, long lastAnchoredSeq, long chainNextSeq, int openJobs,
                         State state, String reason, Instant since, Instant nextAttempt) {

    public enum State { OK, RETRYING, ALARM }
}
