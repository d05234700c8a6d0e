package io.lineledger.ledger.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * When a line's unanchored records form a window to anchor: once there are {@code maxRecords} of them, or once
 * the oldest has waited {@code maxAge}.
 */
public record WindowPolicy(int maxRecords, Duration maxAge) {

    public WindowPolicy {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be >= 1, got " + maxRecords);
        }
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative, got " + maxAge);
        }
    }

    boolean closes(int unanchored, Instant oldestRecordedAt, Instant now) {
        return unanchored >= maxRecords
                || (unanchored > 0 && !oldestRecordedAt.plus(maxAge).isAfter(now));
    }
}
