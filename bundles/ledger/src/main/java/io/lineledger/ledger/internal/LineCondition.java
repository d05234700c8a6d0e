package io.lineledger.ledger.internal;

import io.lineledger.ledger.LineStatus;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anchorer's running knowledge of one line: its figures as last read and its state. Logs a cause once when it
 * first appears (not on every pass) and once when the line recovers. Confined to the anchorer's thread.
 */
final class LineCondition {

    private static final Logger LOG = LoggerFactory.getLogger(Anchorer.class);

    private final String lineId;
    long storeLastSeq;
    long lastAnchoredSeq;
    long chainNextSeq;
    int openJobs;
    private LineStatus.State state = LineStatus.State.OK;
    private String reason;
    private Instant since;
    private Instant nextAttempt;
    private int failures;
    private boolean escalated;
    // running totals for LineStatus.Counters
    long transactionsSent;
    long transactionsReverted;
    private long failedPasses;
    private long windowsAnchored;
    private long timedWindows;
    private Duration latencyTotal = Duration.ZERO;
    private Duration lastLatency;

    LineCondition(String lineId, Instant now) {
        this.lineId = lineId;
        this.since = now;
    }

    /** Whether the line is looked at in a pass at {@code now} (always when OK). */
    boolean due(Instant now) {
        return nextAttempt == null || !now.isBefore(nextAttempt);
    }

    void ok(Instant now) {
        if (state != LineStatus.State.OK) {
            LOG.info("line {}: anchoring works again (was {}: {})", lineId, state, reason);
            state = LineStatus.State.OK;
            reason = null;
            since = now;
        }
        nextAttempt = null;
        failures = 0;
        escalated = false;
    }

    void retrying(String cause, Instant now, AnchoringPolicy policy) {
        failures++;
        boolean tooLong = state == LineStatus.State.RETRYING && !now.isBefore(since.plus(policy.alarmAfter()));
        if (tooLong || (state == LineStatus.State.ALARM && escalated)) {
            alarm("keeps failing for more than " + policy.alarmAfter().toSeconds() + " s: " + cause, now, policy);
            escalated = true;
            return;
        }
        failedPasses++; // (alarm() counts the escalated case)
        if (state != LineStatus.State.RETRYING || !cause.equals(reason)) {
            LOG.warn("line {}: {}; retrying with backoff", lineId, cause);
        }
        if (state != LineStatus.State.RETRYING) {
            since = now;
        }
        state = LineStatus.State.RETRYING;
        reason = cause;
        nextAttempt = now.plus(policy.backoff(failures));
    }

    void alarm(String cause, Instant now, AnchoringPolicy policy) {
        failedPasses++;
        escalated = false;
        if (state != LineStatus.State.ALARM || !cause.equals(reason)) {
            LOG.error("line {}: ALARM: {}. Looked at again every {} s; it clears by itself when the cause is gone.",
                    lineId, cause, policy.retryMax().toSeconds());
            since = now;
        }
        state = LineStatus.State.ALARM;
        reason = cause;
        nextAttempt = now.plus(policy.retryMax());
    }

    /**
     * The line cannot be looked at because of something outside it (the node is down or serves another chain); the
     * caller logs that cause once for all lines. The line is due again as soon as the cause is gone.
     */
    void blocked(LineStatus.State blockedState, String cause, Instant now) {
        if (state != blockedState || !cause.equals(reason)) {
            since = now;
        }
        state = blockedState;
        reason = cause;
        nextAttempt = null;
    }

    /** A window of the line was marked anchored; {@code latency} null when this process did not send it. */
    void anchored(Duration latency) {
        windowsAnchored++;
        if (latency != null) {
            timedWindows++;
            latencyTotal = latencyTotal.plus(latency);
            lastLatency = latency;
        }
    }

    /** Forgets the backoff so the next pass looks at the line (a restart, an explicit reconcile). */
    void dueNow() {
        nextAttempt = null;
    }

    LineStatus.State state() {
        return state;
    }

    LineStatus snapshot() {
        return new LineStatus(lineId, storeLastSeq, lastAnchoredSeq, chainNextSeq, openJobs, state, reason, since,
                nextAttempt, new LineStatus.Counters(transactionsSent, transactionsReverted, failedPasses,
                        windowsAnchored, timedWindows, latencyTotal, lastLatency));
    }
}
