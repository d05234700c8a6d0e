package io.lineledger.certificates.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts refused passwords (sign-ins, HTTP Basic and electronic signatures alike) and slows down guessing: after
 * {@code failuresBeforeLock} refusals in a row a user name is locked for {@code firstLock}, doubling with each
 * further refusal up to {@code maxLock}. A lock applies to the name whether or not the realm knows it, so it tells
 * nobody which names exist. Memory is bounded: at most {@value #TRACKED} names are tracked.
 */
final class LoginAttempts {

    static final int TRACKED = 10_000;

    private final Clock clock;
    private final int failuresBeforeLock;
    private final Duration firstLock;
    private final Duration maxLock;
    private final Map<String, Failures> byUser = new LinkedHashMap<>(16, 0.75f, true);
    private long refused;
    private long refusedWhileLocked;

    private static final class Failures {
        int inARow;
        Instant lockedUntil = Instant.MIN;
    }

    LoginAttempts(Clock clock, int failuresBeforeLock, Duration firstLock, Duration maxLock) {
        if (failuresBeforeLock < 1) {
            throw new IllegalArgumentException("failuresBeforeLock must be >= 1, got " + failuresBeforeLock);
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        this.failuresBeforeLock = failuresBeforeLock;
        this.firstLock = Objects.requireNonNull(firstLock, "firstLock");
        this.maxLock = Objects.requireNonNull(maxLock, "maxLock");
    }

    /** How long the name stays locked; empty when a password may be tried now. Counts a try while locked. */
    synchronized Optional<Duration> locked(String user) {
        Failures f = byUser.get(user);
        Instant now = clock.instant();
        if (f == null || !f.lockedUntil.isAfter(now)) {
            return Optional.empty();
        }
        refusedWhileLocked++;
        return Optional.of(Duration.between(now, f.lockedUntil));
    }

    /** A refused password; returns how many in a row the name has now. */
    synchronized int refused(String user) {
        refused++;
        Failures f = byUser.computeIfAbsent(user, u -> new Failures());
        f.inARow++;
        if (f.inARow >= failuresBeforeLock) {
            int doublings = Math.min(f.inARow - failuresBeforeLock, 20);
            Duration lock = firstLock.multipliedBy(1L << doublings);
            f.lockedUntil = clock.instant().plus(lock.compareTo(maxLock) > 0 ? maxLock : lock);
        }
        trim();
        return f.inARow;
    }

    /** An accepted password: the name starts afresh. */
    synchronized void accepted(String user) {
        byUser.remove(user);
    }

    /** Refused passwords since the start. */
    synchronized long refusedTotal() {
        return refused;
    }

    /** Tries refused unchecked because the name was locked. */
    synchronized long refusedWhileLockedTotal() {
        return refusedWhileLocked;
    }

    /** Names locked now. */
    synchronized int lockedNow() {
        Instant now = clock.instant();
        return (int) byUser.values().stream().filter(f -> f.lockedUntil.isAfter(now)).count();
    }

    /** Forget the least recently seen names that are not locked, then the least recently seen ones at all. */
    private void trim() {
        if (byUser.size() <= TRACKED) {
            return;
        }
        Instant now = clock.instant();
        for (Iterator<Failures> it = byUser.values().iterator(); it.hasNext() && byUser.size() > TRACKED; ) {
            if (!it.next().lockedUntil.isAfter(now)) {
                it.remove();
            }
        }
        for (Iterator<Failures> it = byUser.values().iterator(); it.hasNext() && byUser.size() > TRACKED; ) {
            it.next();
            it.remove();
        }
    }
}
