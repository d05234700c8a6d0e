package io.lineledger.ledger.internal;

import java.time.Duration;

/**
 * How patiently the anchorer retries and when it calls something an alarm.
 *
 * @param confirmations      blocks on top of an anchor's block before its records count as anchored
 * @param retryMin           first delay after a transient failure; it doubles per repeated failure
 * @param retryMax           longest delay between retries, and how often a line in ALARM is looked at again
 * @param stuckAfter         a transaction still in the node's pool after this long is replaced (same nonce, higher
 *                           gas price)
 * @param revertsBeforeAlarm reverts of one job's transaction (or its gas estimate) before the job is an alarm
 * @param reorgWatchBlocks   with confirmations, how many blocks after its block an anchor marked in the store is
 *                           still checked against the canonical chain (and taken back when a reorganization undid it)
 */
record AnchoringPolicy(int confirmations, Duration retryMin, Duration retryMax, Duration stuckAfter,
                       int revertsBeforeAlarm, int reorgWatchBlocks) {

    AnchoringPolicy {
        if (confirmations < 0) {
            throw new IllegalArgumentException("confirmations must be >= 0, got " + confirmations);
        }
        if (retryMin.isNegative() || retryMax.compareTo(retryMin) < 0) {
            throw new IllegalArgumentException("need 0 <= retryMin <= retryMax, got " + retryMin + " and " + retryMax);
        }
        if (revertsBeforeAlarm < 1) {
            throw new IllegalArgumentException("revertsBeforeAlarm must be >= 1, got " + revertsBeforeAlarm);
        }
        if (reorgWatchBlocks < 0) {
            throw new IllegalArgumentException("reorgWatchBlocks must be >= 0, got " + reorgWatchBlocks);
        }
    }

    /** With the default watch of {@link #DEFAULT_REORG_WATCH_BLOCKS} blocks. */
    AnchoringPolicy(int confirmations, Duration retryMin, Duration retryMax, Duration stuckAfter,
                    int revertsBeforeAlarm) {
        this(confirmations, retryMin, retryMax, stuckAfter, revertsBeforeAlarm, DEFAULT_REORG_WATCH_BLOCKS);
    }

    static final int DEFAULT_REORG_WATCH_BLOCKS = 64;

    /** Whether anchors already in the store are re-checked: only where blocks can be reorganized at all. */
    boolean watchesReorgs() {
        return confirmations > 0 && reorgWatchBlocks > 0;
    }

    static AnchoringPolicy withConfirmations(int confirmations) {
        return new AnchoringPolicy(confirmations, Duration.ofMillis(500), Duration.ofSeconds(60),
                Duration.ofSeconds(30), 3);
    }

    /** A transient cause that lasts this long (five slowest retries) is an alarm: someone should look. */
    Duration alarmAfter() {
        return retryMax.multipliedBy(5);
    }

    /** Delay before attempt {@code failures + 1}: retryMin doubled per earlier failure, at most retryMax. */
    Duration backoff(int failures) {
        Duration delay = retryMin;
        for (int i = 1; i < failures && delay.compareTo(retryMax) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retryMax) > 0 ? retryMax : delay;
    }
}
