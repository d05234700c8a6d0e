package io.lineledger.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How anchoring of one line stands.
 *
 * @param lineId          the line
 * @param storeLastSeq    the store's highest sequence of the line as the last anchoring pass over it read it (0:
 *                        none); as old as that pass, minutes behind the store under load: status pages read the
 *                        store's own figure ({@code RecordStore.lastSeqs()}) and show this one as the pass's
 * @param lastAnchoredSeq the highest sequence covered by an anchored job (0: none)
 * @param chainNextSeq    the contract's next expected sequence of the line as last read (0: not read yet)
 * @param openJobs        anchor jobs of the line written to the outbox and not yet anchored
 * @param state           OK, RETRYING (a transient cause, retried with backoff) or ALARM (needs a look; still
 *                        re-checked now and then, so it clears by itself once the cause goes away)
 * @param reason          why the line is RETRYING or in ALARM; null when OK
 * @param since           when the line entered its current state
 * @param nextAttempt     when the line is looked at again; null when the next pass looks at it (always when OK, and
 *                        while the line waits for the node)
 * @param counters        what anchoring of the line did since the ledger started (transactions, reverts, failures,
 *                        windows anchored and how long they took)
 */
public record LineStatus(String lineId, long storeLastSeq, long lastAnchoredSeq, long chainNextSeq, int openJobs,
                         State state, String reason, Instant since, Instant nextAttempt, Counters counters) {

    public enum State { OK, RETRYING, ALARM }

    public LineStatus {
        Objects.requireNonNull(counters, "counters");
    }

    /** A status with no counts yet. */
    public LineStatus(String lineId, long storeLastSeq, long lastAnchoredSeq, long chainNextSeq, int openJobs,
                      State state, String reason, Instant since, Instant nextAttempt) {
        this(lineId, storeLastSeq, lastAnchoredSeq, chainNextSeq, openJobs, state, reason, since, nextAttempt,
                Counters.NONE);
    }

    /**
     * Running totals of one line since the ledger started (they start at 0 again after a restart, as Prometheus
     * counters do).
     *
     * @param transactionsSent     anchor transactions sent with the line's windows (first sends, resends and
     *                             replacements of stuck ones; a transaction shared by several lines counts for each)
     * @param transactionsReverted of those, mined with status 0 or leaving the window out
     * @param failures             passes over the line that failed, whatever the cause (node, revert, store, alarm)
     * @param windowsAnchored      windows marked anchored
     * @param timedWindows         of those, windows whose transaction this process sent, so their latency is known:
     *                             from sending the transaction (the last send or replacement) to marking the window
     *                             anchored, confirmations included
     * @param latencyTotal         sum of the latencies of the timed windows
     * @param lastLatency          latency of the latest timed window; null before the first
     */
    public record Counters(long transactionsSent, long transactionsReverted, long failures, long windowsAnchored,
                           long timedWindows, Duration latencyTotal, Duration lastLatency) {

        /** Nothing counted yet. */
        public static final Counters NONE = new Counters(0, 0, 0, 0, 0, Duration.ZERO, null);

        public Counters {
            Objects.requireNonNull(latencyTotal, "latencyTotal");
        }
    }
}
