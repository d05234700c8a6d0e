package io.lineledger.ledger.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * When a line's unanchored records form a window to anchor, how big it is, and how many of a line's windows may be
 * in flight at once.
 *
 * <p>A window closes once there are {@code maxRecords} unanchored records, or once the oldest has waited
 * {@code maxAge}. It then takes the whole backlog, up to {@code maxRecordsPerWindow}: a small backlog goes out at
 * once (latency), a large one in few big trees (one transaction each, whatever the rate). Up to
 * {@code maxInFlightWindows} windows of a line are sent before the first is mined, with consecutive nonces of the one
 * account, so they reach the contract in sequence order. When several lines each have one such window (their whole
 * backlog) in a pass, up to {@code maxLinesPerTransaction} of them share one {@code anchorMany} transaction.
 */
public record WindowPolicy(int maxRecords, Duration maxAge, int maxRecordsPerWindow, int maxInFlightWindows,
                           int maxLinesPerTransaction) {

    /** Largest tree a window may have: its records are read and hashed in memory in one pass. */
    static final int MAX_RECORDS_PER_WINDOW = 1 << 20;
    /** Most windows of one line in flight: more only fills the node's pool. */
    static final int MAX_IN_FLIGHT_WINDOWS = 64;
    /** Most lines' windows in one transaction (about 100,000 gas each). */
    static final int MAX_LINES_PER_TRANSACTION = 64;

    public WindowPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
        if (maxRecordsPerWindow < maxRecords || maxRecordsPerWindow > MAX_RECORDS_PER_WINDOW) {
            throw new IllegalArgumentException("maxRecordsPerWindow must be between maxRecords (" + maxRecords
                    + ") and " + MAX_RECORDS_PER_WINDOW + ", got " + maxRecordsPerWindow);
        }
        if (maxInFlightWindows < 1 || maxInFlightWindows > MAX_IN_FLIGHT_WINDOWS) {
            throw new IllegalArgumentException("maxInFlightWindows must be between 1 and " + MAX_IN_FLIGHT_WINDOWS
                    + ", got " + maxInFlightWindows);
        }
        if (maxLinesPerTransaction < 1 || maxLinesPerTransaction > MAX_LINES_PER_TRANSACTION) {
            throw new IllegalArgumentException("maxLinesPerTransaction must be between 1 and "
                    + MAX_LINES_PER_TRANSACTION + ", got " + maxLinesPerTransaction);
        }
    }

    /** Each line's windows in transactions of their own. */
    public WindowPolicy(int maxRecords, Duration maxAge, int maxRecordsPerWindow, int maxInFlightWindows) {
        this(maxRecords, maxAge, maxRecordsPerWindow, maxInFlightWindows, 1);
    }

    /** Fixed windows of {@code maxRecords}, one in flight per line (anchoring as it was before pipelining). */
    public WindowPolicy(int maxRecords, Duration maxAge) {
        this(maxRecords, maxAge, maxRecords, 1, 1);
    }

    boolean closes(long unanchored, Instant oldestRecordedAt, Instant now) {
        return unanchored >= maxRecords
                || (unanchored > 0 && !oldestRecordedAt.plus(maxAge).isAfter(now));
    }

    /** How many records the next window takes out of a backlog of {@code unanchored}. */
    int sizeFor(long unanchored) {
        return (int) Math.min(unanchored, maxRecordsPerWindow);
    }
}
