package io.lineledger.certificates.internal;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Browser sessions after a sign-in on the login form: a random id (the cookie) per session, ended by sign-out, after
 * {@code idle} without a request or {@code maxAge} after sign-in, whichever comes first. Each session has its own
 * random token that every form of it must send back (CSRF). Kept in memory: a restart signs everybody out.
 */
final class Sessions {

    private static final Base64.Encoder TOKEN = Base64.getUrlEncoder().withoutPadding();

    private final Clock clock;
    private final Duration idle;
    private final Duration maxAge;
    private final int maxSessions;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new LinkedHashMap<>();

    /** One signed-in browser. */
    static final class Session {
        private final String id;
        private final Account account;
        private final String formToken;
        private final Instant opened;
        private Instant lastSeen;
        private int refusedSignatures;

        private Session(String id, Account account, String formToken, Instant opened) {
            this.id = id;
            this.account = account;
            this.formToken = formToken;
            this.opened = opened;
            this.lastSeen = opened;
        }

        String id() {
            return id;
        }

        Account account() {
            return account;
        }

        /** The token the session's forms carry. */
        String formToken() {
            return formToken;
        }

        Instant opened() {
            return opened;
        }

        /** True when {@code token} is this session's form token (compared in constant time). */
        boolean formTokenIs(String token) {
            return token != null && MessageDigest.isEqual(formToken.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Counts a refused electronic signature in this session; returns how many so far. */
        synchronized int signatureRefused() {
            return ++refusedSignatures;
        }
    }

    Sessions(Clock clock, Duration idle, Duration maxAge, int maxSessions) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.idle = Objects.requireNonNull(idle, "idle");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be >= 1, got " + maxSessions);
        }
        this.maxSessions = maxSessions;
    }

    /** A new session for the account (never one that existed before: a sign-in always gets a fresh id). */
    synchronized Session open(Account account) {
        expire();
        while (byId.size() >= maxSessions) {
            // the oldest sign-in gives way: memory stays bounded whatever a client does
            Iterator<String> oldest = byId.keySet().iterator();
            oldest.next();
            oldest.remove();
        }
        Session session = new Session(token(), account, token(), clock.instant());
        byId.put(session.id(), session);
        return session;
    }

    /** The live session with this id; a request through it counts as activity. */
    synchronized Optional<Session> find(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Session session = byId.get(id);
        if (session == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (expired(session, now)) {
            byId.remove(id);
            return Optional.empty();
        }
        session.lastSeen = now;
        return Optional.of(session);
    }

    synchronized void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    synchronized int open() {
        expire();
        return byId.size();
    }

    private boolean expired(Session session, Instant now) {
        return !now.isBefore(session.lastSeen.plus(idle)) || !now.isBefore(session.opened.plus(maxAge));
    }

    private void expire() {
        Instant now = clock.instant();
        byId.values().removeIf(session -> expired(session, now));
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return TOKEN.encodeToString(bytes);
    }
}
