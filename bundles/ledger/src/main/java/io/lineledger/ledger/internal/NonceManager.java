package io.lineledger.ledger.internal;

import java.time.Duration;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * Hands out the nonces of one signing account in order and bounds how many of its transactions may be in flight
 * (sent, not yet mined). Sends happen inside the lock, so transactions reach the node in nonce order.
 *
 * <p>No callbacks are needed to learn that a transaction left the pool: the account's mined transaction count
 * ({@code eth_getTransactionCount(latest)}) says how many of our nonces are done. After a failed send the next
 * nonce is reloaded from the node's pending count, so a rejected or dropped transaction does not leave a gap.
 */
final class NonceManager {

    private final LongSupplier pendingCount;
    private final LongSupplier minedCount;
    private final int maxInFlight;
    private final Duration inFlightWait;
    private final Runnable pause;
    private long next = -1;

    /**
     * @param pendingCount the account's transaction count including the node's pending pool
     * @param minedCount   the account's transaction count in the latest block
     * @param pause        waits a little while the in-flight bound is reached (e.g. a poll interval)
     */
    NonceManager(LongSupplier pendingCount, LongSupplier minedCount, int maxInFlight, Duration inFlightWait,
                 Runnable pause) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
        }
        this.pendingCount = pendingCount;
        this.minedCount = minedCount;
        this.maxInFlight = maxInFlight;
        this.inFlightWait = inFlightWait;
        this.pause = pause;
    }

    /**
     * Calls {@code send} with the next nonce and returns its result; the nonce counts as used only if
     * {@code send} returns normally.
     *
     * @throws ChainException when the in-flight bound stays reached for longer than the configured wait
     */
    synchronized <T> T send(LongFunction<T> send) {
        if (next < 0) {
            next = pendingCount.getAsLong();
        }
        long deadline = System.nanoTime() + inFlightWait.toNanos();
        while (next - minedCount.getAsLong() >= maxInFlight) {
            if (System.nanoTime() > deadline) {
                next = -1; // the pool may have dropped some: start again from what the node knows
                throw new ChainException(maxInFlight + " transactions still unmined after " + inFlightWait);
            }
            pause.run();
        }
        try {
            T result = send.apply(next);
            next++;
            return result;
        } catch (RuntimeException e) {
            next = -1;
            throw e;
        }
    }

    /** Forgets the cached nonce; the next send reloads it from the node. */
    synchronized void resync() {
        next = -1;
    }
}
