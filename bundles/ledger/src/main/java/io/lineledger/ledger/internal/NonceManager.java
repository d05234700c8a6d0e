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
    /** After a send with a nonce taken again ({@link #rewindTo}): where the nonces go on, -1 if none. */
    private long resumeAt = -1;

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
            next = Math.max(next + 1, resumeAt);
            resumeAt = -1;
            return result;
        } catch (RuntimeException e) {
            next = -1;
            resumeAt = -1;
            throw e;
        }
    }

    /** How many more transactions may be sent now without waiting for the in-flight bound (one node call). */
    synchronized int room() {
        if (next < 0) {
            next = pendingCount.getAsLong();
        }
        return (int) Math.max(0, maxInFlight - (next - minedCount.getAsLong()));
    }

    /**
     * The next send takes {@code nonce} again (a transaction of ours with it was lost, and the ones after it wait
     * for it); the sends after that one go on where they were, so the transactions still in the pool are not
     * replaced. No-op when the next nonce is not above it.
     */
    synchronized void rewindTo(long nonce) {
        if (next < 0) {
            next = nonce;
        } else if (nonce < next) {
            resumeAt = Math.max(resumeAt, next);
            next = nonce;
        }
    }

    /** Forgets the cached nonce; the next send reloads it from the node. */
    synchronized void resync() {
        next = -1;
        resumeAt = -1;
    }
}
