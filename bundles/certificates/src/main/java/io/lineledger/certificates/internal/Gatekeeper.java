package io.lineledger.certificates.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who sends a request, and whether they may: a session cookie from the sign-in form (browsers) or HTTP Basic
 * credentials (scripts) are checked against the JAAS realm, then the path's {@link AccessPolicy} against the account's
 * roles. Browsers without a session are sent to the sign-in form; other clients get a Basic challenge. A refused
 * password is counted and logged, and the answer never says whether the user name or the password was wrong.
 */
final class Gatekeeper {

    static final String COOKIE = "lineledger_session";
    static final String BASIC_REALM = "LineLedger";

    private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);
    private static final String WRONG = "the user name or password is wrong";

    private final PasswordCheck passwords;
    private final LoginAttempts attempts;
    private final Sessions sessions;

    /**
     * Who sent a request.
     *
     * @param session the browser session it came with; null for HTTP Basic
     */
    record Visitor(Account account, Sessions.Session session) {

        Visitor {
            Objects.requireNonNull(account, "account");
        }

        boolean viaSession() {
            return session != null;
        }
    }

    /** Whether a request goes on, and as whom. */
    sealed interface Admission permits Admitted, Refused { }

    /** @param visitor null on an open path when nobody is signed in */
    record Admitted(Visitor visitor) implements Admission { }

    record Refused(WebResponse response) implements Admission { }

    /** How a password check ended. */
    enum Outcome { ACCEPTED, REFUSED, LOCKED, UNAVAILABLE }

    /**
     * @param account the account when {@link Outcome#ACCEPTED}
     * @param lockedFor how long the name stays locked when {@link Outcome#LOCKED}
     */
    record SignIn(Outcome outcome, Account account, Duration lockedFor) { }

    Gatekeeper(PasswordCheck passwords, LoginAttempts attempts, Sessions sessions) {
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
    }

    Sessions sessions() {
        return sessions;
    }

    LoginAttempts attempts() {
        return attempts;
    }

    /**
     * Identifies the sender and checks the path's requirement. Open paths are admitted without checking credentials
     * (a session, if any, is still recognised). A state-changing request from another site is refused.
     */
    Admission admit(WebRequest request) {
        List<String> segments;
        try {
            segments = segments(request.rawPath());
        } catch (IllegalArgumentException e) {
            segments = List.of(); // a malformed path still needs a signed-in reader; the site then answers 400
        }
        if (!request.isGet() && crossSite(request)) {
            LOG.warn("Refused a {} to {} from {}: sent from another site (Origin {})", request.method(),
                    request.rawPath(), request.remoteAddress(), request.header("origin").orElse("-"));
            return new Refused(error(request, 403, "Refused", "a " + request.method()
                    + " from another site is refused: use the pages of this server", Map.of()));
        }
        AccessPolicy.Requirement requirement = AccessPolicy.of(segments);
        if (requirement.open()) {
            return new Admitted(sessionVisitor(request).orElse(null));
        }
        Visitor visitor;
        Optional<String> authorization = request.header("authorization");
        if (authorization.isPresent()) {
            Optional<String[]> credentials = basicCredentials(authorization.get());
            if (credentials.isEmpty()) {
                return new Refused(challenge(request, 401, "the Authorization header is not HTTP Basic"
                        + " credentials (Basic base64(user:password))"));
            }
            SignIn signIn = signIn(credentials.get()[0], credentials.get()[1].toCharArray(),
                    request.remoteAddress(), "HTTP Basic");
            switch (signIn.outcome()) {
                case ACCEPTED -> visitor = new Visitor(signIn.account(), null);
                case LOCKED -> {
                    return new Refused(locked(request, signIn.lockedFor()));
                }
                case UNAVAILABLE -> {
                    return new Refused(unavailable(request));
                }
                default -> {
                    return new Refused(challenge(request, 401, WRONG));
                }
            }
        } else {
            Optional<Visitor> session = sessionVisitor(request);
            if (session.isEmpty()) {
                return new Refused(request.wantsHtml() && request.isGet() && !apiPath(segments)
                        ? toSignIn(request) : challenge(request, 401, request.wantsHtml()
                        ? "not signed in, or the session has ended: sign in again (nothing was recorded)"
                        : "sign-in required: send HTTP Basic credentials of a LineLedger account"));
            }
            visitor = session.get();
        }
        Permission needed = requirement.permission();
        if (needed != null && !visitor.account().may(needed)) {
            LOG.info("User '{}' ({}) may not {}: {} {}", visitor.account().user(), visitor.account().rolesText(),
                    needed.text(), request.method(), request.rawPath());
            return new Refused(forbidden(request, visitor.account(), needed));
        }
        return new Admitted(visitor);
    }

    /**
     * Checks a password (sign-in form, HTTP Basic, an electronic signature): counted when refused, refused unchecked
     * while the name is locked, logged without saying which part was wrong.
     *
     * @param how what the check is for, for the log ("sign-in", "HTTP Basic", "signature")
     */
    SignIn signIn(String user, char[] password, String from, String how) {
        Optional<Duration> locked = attempts.locked(user);
        if (locked.isPresent()) {
            LOG.warn("Refused {} of user '{}' from {}: locked after repeated wrong passwords for {} s more", how,
                    user, from, locked.get().toSeconds() + 1);
            return new SignIn(Outcome.LOCKED, null, locked.get());
        }
        Optional<Account> account;
        try {
            account = passwords.check(user, password);
        } catch (PasswordCheck.LoginUnavailableException e) {
            LOG.error("Cannot check the password of user '{}' ({}): {}", user, how, e.getMessage(), e.getCause());
            return new SignIn(Outcome.UNAVAILABLE, null, null);
        } finally {
            java.util.Arrays.fill(password, '\0');
        }
        if (account.isEmpty()) {
            int inARow = attempts.refused(user);
            LOG.warn("Refused {} of user '{}' from {}: wrong user name or password ({} in a row, {} refused since"
                    + " start)", how, user, from, inARow, attempts.refusedTotal());
            return new SignIn(Outcome.REFUSED, null, null);
        }
        attempts.accepted(user);
        return new SignIn(Outcome.ACCEPTED, account.get(), null);
    }

    /** The visitor of the request's session cookie, if it names a live session. */
    Optional<Visitor> sessionVisitor(WebRequest request) {
        return request.cookie(COOKIE).flatMap(sessions::find).map(s -> new Visitor(s.account(), s));
    }

    /** {@code Set-Cookie} for a new session, scoped to the pages, invisible to scripts, not sent cross-site. */
    static String sessionCookie(WebRequest request, Sessions.Session session) {
        return COOKIE + "=" + session.id() + "; Path=" + request.contextPath() + CertificateSite.ROOT
                + "; HttpOnly; SameSite=Lax" + (request.secure() ? "; Secure" : "");
    }

    /** {@code Set-Cookie} that removes the session cookie. */
    static String clearedCookie(WebRequest request) {
        return COOKIE + "=; Path=" + request.contextPath() + CertificateSite.ROOT
                + "; Max-Age=0; HttpOnly; SameSite=Lax" + (request.secure() ? "; Secure" : "");
    }

    /** The sign-in form's address that comes back to this request. */
    static String signInPath(WebRequest request) {
        String base = request.contextPath() + CertificateSite.ROOT;
        String back = request.contextPath() + request.rawPath()
                + (request.rawQuery() == null || request.rawQuery().isEmpty() ? "" : "?" + request.rawQuery());
        return base + "/login?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }

    // ---- answers ------------------------------------------------------------------------------------------------

    private static WebResponse toSignIn(WebRequest request) {
        return new WebResponse(303, WebResponse.TEXT, Map.of("Location", signInPath(request),
                "Cache-Control", "no-store"), "sign-in required: " + signInPath(request) + "\n");
    }

    private static WebResponse challenge(WebRequest request, int status, String message) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store");
        if (request.wantsHtml() && !apiPath(request)) {
            // a page (e.g. a form sent after the session ended): the sign-in form, never the browser's Basic dialog
            headers.putAll(AccessPages.HEADERS);
            return new WebResponse(status, WebResponse.HTML, headers,
                    AccessPages.neutral(request).message("Sign-in required", message, status));
        }
        headers.put("WWW-Authenticate", "Basic realm=\"" + BASIC_REALM + "\", charset=\"UTF-8\"");
        return new WebResponse(status, WebResponse.JSON, headers, new CertificateJson("").error(message,
                Map.of("signIn", signInPath(request))));
    }

    static WebResponse locked(WebRequest request, Duration lockedFor) {
        long seconds = lockedFor.toSeconds() + 1;
        String message = "too many wrong passwords for this user name: try again in " + seconds + " s";
        return error(request, 429, "Try again later", message, Map.of("Retry-After", Long.toString(seconds)));
    }

    static WebResponse unavailable(WebRequest request) {
        return error(request, 503, "Sign-in unavailable", "passwords cannot be checked now: see the Karaf log",
                Map.of());
    }

    private static WebResponse forbidden(WebRequest request, Account account, Permission needed) {
        return error(request, 403, "Not allowed", "user '" + account.user() + "' (" + account.rolesText()
                + ") may not " + needed.text() + ": " + holders(needed) + " may", Map.of());
    }

    /** {@code auditors and integrators}: who holds a permission. */
    static String holders(Permission permission) {
        List<String> roles = new ArrayList<>();
        for (Role role : Role.values()) {
            if (role.permissions().contains(permission)) {
                roles.add(role.id() + "s");
            }
        }
        return String.join(" and ", roles);
    }

    static WebResponse error(WebRequest request, int status, String heading, String message,
                             Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>(extraHeaders);
        headers.put("Cache-Control", "no-store");
        if (request.wantsHtml() && !apiPath(request)) {
            headers.putAll(AccessPages.HEADERS);
            return new WebResponse(status, WebResponse.HTML, headers,
                    AccessPages.neutral(request).message(heading, message, status));
        }
        return new WebResponse(status, WebResponse.JSON, headers, new CertificateJson("").error(message, Map.of()));
    }

    // ---- parsing ------------------------------------------------------------------------------------------------

    private static boolean crossSite(WebRequest request) {
        if (request.header("sec-fetch-site").map("cross-site"::equals).orElse(false)) {
            return true;
        }
        Optional<String> origin = request.header("origin");
        return origin.isPresent() && !request.origin().isEmpty() && !origin.get().equalsIgnoreCase(request.origin());
    }

    private static boolean apiPath(WebRequest request) {
        try {
            return apiPath(segments(request.rawPath()));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** JSON and files for scripts: they get a Basic challenge, never the sign-in form. */
    private static boolean apiPath(List<String> segments) {
        return segments.size() >= 2 && ("api".equals(segments.get(1)) || "proof".equals(segments.get(1))
                || "metrics".equals(segments.get(1)));
    }

    /** {@code [user, password]} of a Basic header; empty when it is not one. */
    static Optional<String[]> basicCredentials(String header) {
        if (header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 1) {
            return Optional.empty();
        }
        return Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
    }

    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/")) {
            if (!raw.isEmpty()) {
                segments.add(Html.decodeSegment(raw));
            }
        }
        return segments;
    }
}
