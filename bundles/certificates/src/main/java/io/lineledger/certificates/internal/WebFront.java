package io.lineledger.certificates.internal;

import static io.lineledger.certificates.internal.Html.pathSegment;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.ReleaseRecords;
import io.lineledger.certificates.ReleaseRecords.Decision;
import io.lineledger.certificates.ReleaseRecords.Meaning;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreException;
import io.lineledger.store.TamperedRecordException;
import io.lineledger.verifier.Verification;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the servlet serves, without the Servlet API: first the {@link Gatekeeper} (sign-in, roles), then
 * <pre>
 *   GET  /lineledger/login                       the sign-in form (?next=)
 *   POST /lineledger/login                       sign in: a session cookie, then back to next
 *   GET/POST /lineledger/logout                  sign out (the GET asks first)
 *   GET  /lineledger/batches/{id}/release        the release form (RELEASE)
 *   POST /lineledger/batches/{id}/release        a signed decision: a release record, then the certificate
 *   POST /lineledger/api/batches/{id}/release    the same for scripts: 201 with the record as JSON
 *   GET/POST /lineledger/verify                  the verify page, and a proof file checked (VERIFY)
 *   POST /lineledger/api/verify                  a proof file checked, the result as JSON (VERIFY)
 *   GET  anything else                           the certificate pages ({@link CertificateSite})
 * </pre>
 * Every form of a session carries the session's token ({@code csrf}); a form field the page does not take, a missing
 * or malformed one is a 400 naming it.
 */
final class WebFront {

    private static final Logger LOG = LoggerFactory.getLogger(WebFront.class);
    /** Refused signatures in one session before the session is ended (Part 11 §11.300(d): attempts are acted on). */
    static final int SIGNATURE_ATTEMPTS = 3;

    private static final Set<String> SIGN_IN_FIELDS = Set.of("user", "password", "next");
    private static final Set<String> RELEASE_FIELDS =
            Set.of("csrf", "decision", "meaning", "reason", "user", "password", "seen");

    private final CertificateSite site;
    private final Gatekeeper gate;
    private final RecordStore store;
    private final ProofCheck proofs;
    private final SignerNames signers;
    private final Clock clock;

    /** @param signers the full names signed records show; a user without one cannot sign */
    WebFront(CertificateSite site, Gatekeeper gate, RecordStore store, ProofCheck proofs, SignerNames signers,
             Clock clock) {
        this.site = Objects.requireNonNull(site, "site");
        this.gate = Objects.requireNonNull(gate, "gate");
        this.store = Objects.requireNonNull(store, "store");
        this.proofs = Objects.requireNonNull(proofs, "proofs");
        this.signers = Objects.requireNonNull(signers, "signers");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    WebResponse handle(WebRequest request) {
        List<String> segments;
        try {
            segments = Gatekeeper.segments(request.rawPath());
        } catch (IllegalArgumentException e) {
            segments = null;
        }
        Gatekeeper.Visitor visitor = request.visitor();
        if (visitor == null || segments == null) {
            Gatekeeper.Admission admission = gate.admit(request);
            if (admission instanceof Gatekeeper.Refused refused) {
                return refused.response();
            }
            visitor = ((Gatekeeper.Admitted) admission).visitor();
        } else {
            // a filter in front admitted it; the path's permission is checked again here, which costs nothing
            Permission needed = AccessPolicy.of(segments).permission();
            if (needed != null && !visitor.account().may(needed)) {
                return Gatekeeper.error(request, 403, "Not allowed", "user '" + visitor.account().user() + "' may not "
                        + needed.text(), Map.of());
            }
        }
        if (segments == null) {
            return site.handle(request, Viewer.of(visitor)); // the site names the malformed escape (400)
        }
        Request r = new Request(request, visitor, segments);
        try {
            return r.route();
        } catch (QueryParameters.BadParameterException e) {
            return r.badParameter(e);
        }
    }

    /** One request with what every answer needs. */
    private final class Request {

        private final WebRequest web;
        private final Gatekeeper.Visitor visitor;
        private final List<String> rest;
        private final String base;
        private final boolean api;

        Request(WebRequest web, Gatekeeper.Visitor visitor, List<String> segments) {
            this.web = web;
            this.visitor = visitor;
            this.rest = segments.isEmpty() ? List.of() : segments.subList(1, segments.size());
            this.base = web.contextPath() + CertificateSite.ROOT;
            this.api = !rest.isEmpty() && "api".equals(rest.get(0));
        }

        WebResponse route() {
            if (rest.size() == 1 && "login".equals(rest.get(0))) {
                return web.isGet() ? signInForm() : post() ? signIn() : notAllowed("GET, POST");
            }
            if (rest.size() == 1 && "logout".equals(rest.get(0))) {
                return web.isGet() ? page(200, pages().signOut(viewer())) : post() ? signOut()
                        : notAllowed("GET, POST");
            }
            if (rest.size() == 3 && "batches".equals(rest.get(0)) && "release".equals(rest.get(2))) {
                return web.isGet() ? releaseForm(rest.get(1)) : post() ? release(rest.get(1))
                        : notAllowed("GET, POST");
            }
            if (rest.size() == 4 && api && "batches".equals(rest.get(1)) && "release".equals(rest.get(3))) {
                return post() ? release(rest.get(2)) : notAllowed("POST");
            }
            if (rest.size() == 1 && "verify".equals(rest.get(0))) {
                return web.isGet() ? verifyPage(null, null) : post() ? verify() : notAllowed("GET, POST");
            }
            if (rest.size() == 2 && api && "verify".equals(rest.get(1))) {
                return post() ? verify() : notAllowed("POST");
            }
            if (!web.isGet()) {
                return notAllowed("GET");
            }
            return site.handle(web, viewer());
        }

        private boolean post() {
            return "POST".equals(web.method());
        }

        private Viewer viewer() {
            return Viewer.of(visitor);
        }

        private AccessPages pages() {
            return new AccessPages(site.title(), base);
        }

        // ---- sign-in and sign-out -----------------------------------------------------------------------------

        private WebResponse signInForm() {
            QueryParameters query = QueryParameters.parse(web.rawQuery(), Set.of("next"));
            return page(200, pages().signIn(next(query.get("next").orElse(null)), null, null));
        }

        private WebResponse signIn() {
            QueryParameters form = form(SIGN_IN_FIELDS);
            String next = next(form.get("next").orElse(null));
            Optional<String> user = form.get("user");
            Optional<String> password = form.raw("password").filter(p -> !p.isEmpty());
            if (user.isEmpty() || password.isEmpty()) {
                return page(400, pages().signIn(next, "Enter your user name and password.", user.orElse(null)));
            }
            Gatekeeper.SignIn signIn = gate.signIn(user.get(), password.get().toCharArray(), web.remoteAddress(),
                    "sign-in");
            return switch (signIn.outcome()) {
                case ACCEPTED -> {
                    Account account = signIn.account();
                    if (account.roles().isEmpty()) {
                        LOG.warn("User '{}' signed in from {} but has no LineLedger role", account.user(),
                                web.remoteAddress());
                        yield page(403, pages().signIn(next, "This account has no LineLedger role (supervisor,"
                                + " auditor or integrator): ask the integrator.", user.get()));
                    }
                    web.cookie(Gatekeeper.COOKIE).ifPresent(gate.sessions()::close); // never keep a known id
                    Sessions.Session session = gate.sessions().open(account);
                    LOG.info("User '{}' ({}) signed in from {}", account.user(), account.rolesText(),
                            web.remoteAddress());
                    yield new WebResponse(303, WebResponse.TEXT, Map.of("Location", next,
                            "Set-Cookie", Gatekeeper.sessionCookie(web, session), "Cache-Control", "no-store"),
                            "signed in: " + next + "\n");
                }
                case LOCKED -> withPage(Gatekeeper.locked(web, signIn.lockedFor()), pages().signIn(next,
                        "Too many wrong passwords for this user name: try again in "
                                + (signIn.lockedFor().toSeconds() + 1) + " s.", user.get()));
                case UNAVAILABLE -> Gatekeeper.unavailable(web);
                default -> page(401, pages().signIn(next, "The user name or password is wrong.", user.get()));
            };
        }

        private WebResponse signOut() {
            if (visitor != null && visitor.viaSession()) {
                checkFormToken(form(Set.of("csrf")));
                gate.sessions().close(visitor.session().id());
                LOG.info("User '{}' signed out", visitor.account().user());
            }
            return new WebResponse(303, WebResponse.TEXT, Map.of("Location", base + "/login",
                    "Set-Cookie", Gatekeeper.clearedCookie(web), "Cache-Control", "no-store"), "signed out\n");
        }

        /** Where to go after signing in: a page of this site, never another host (open redirects). */
        private String next(String wanted) {
            String home = base + "/batches";
            if (wanted == null || !(wanted.equals(base) || wanted.startsWith(base + "/")) || wanted.contains("//")
                    || wanted.contains("\\") || wanted.chars().anyMatch(c -> c < 0x20 || c == 0x7f)
                    || wanted.startsWith(base + "/login") || wanted.startsWith(base + "/logout")) {
                return home;
            }
            return wanted;
        }

        // ---- release --------------------------------------------------------------------------------------------

        private WebResponse releaseForm(String batchId) {
            QueryParameters.parse(web.rawQuery(), Set.of());
            Optional<BatchCertificate> c;
            try {
                c = site.view().of(batchId);
            } catch (TamperedRecordException e) {
                LOG.error("Refusing the release form of batch {}: {}", batchId, e.getMessage());
                return tampered(batchId);
            }
            if (c.isEmpty()) {
                return unknownBatch(batchId);
            }
            return page(200, new ReleasePage(site.title(), base).render(viewer(), c.get(), null,
                    ReleasePage.Entered.NONE, signer()));
        }

        private WebResponse release(String batchId) {
            QueryParameters form = form(RELEASE_FIELDS);
            if (visitor.viaSession()) {
                checkFormToken(form);
            }
            Optional<BatchCertificate> found;
            try {
                found = site.view().of(batchId);
            } catch (TamperedRecordException e) {
                LOG.error("Refusing a decision on batch {}: {}", batchId, e.getMessage());
                return tampered(batchId);
            }
            if (found.isEmpty()) {
                return unknownBatch(batchId);
            }
            BatchCertificate c = found.get();
            Decision decision = form.get("decision").map(d -> Decision.of(d).orElseThrow(() -> bad("decision", d,
                    "parameter 'decision' must be release or reject, got '" + d + "'")))
                    .orElseThrow(() -> bad("decision", "", "parameter 'decision' is missing: release or reject"));
            Meaning meaning = form.get("meaning").map(m -> Meaning.of(m).orElseThrow(() -> bad("meaning", m,
                    "parameter 'meaning' must be approval, review or responsibility, got '" + m + "'")))
                    .orElseThrow(() -> bad("meaning", "", "parameter 'meaning' is missing: approval, review or"
                            + " responsibility"));
            String reason = form.get("reason").orElseThrow(() -> bad("reason", "", "parameter 'reason' is missing:"
                    + " say why"));
            if (reason.length() > ReleaseRecords.MAX_REASON) {
                throw bad("reason", reason.substring(0, 40) + "\u2026", "parameter 'reason' must be at most "
                        + ReleaseRecords.MAX_REASON + " characters, got " + reason.length());
            }
            String user = form.get("user").orElseGet(() -> {
                if (visitor.viaSession()) {
                    throw bad("user", "", "parameter 'user' is missing: sign with your user name and password");
                }
                return visitor.account().user(); // a script's Basic credentials name the user
            });
            String password = form.raw("password").filter(p -> !p.isEmpty()).orElseThrow(() -> bad("password", "",
                    "parameter 'password' is missing: sign with your user name and password"));
            Optional<String> seen = form.get("seen");
            if (seen.isEmpty() && visitor.viaSession()) {
                throw bad("seen", "", "parameter 'seen' is missing: send the form as the page shows it");
            }
            if (seen.isPresent() && !seen.get().matches("[^#]+#[1-9][0-9]{0,18}")) {
                throw bad("seen", seen.get(), "parameter 'seen' must be lineId#seq, got '" + seen.get() + "'");
            }
            ReleasePage.Entered entered = new ReleasePage.Entered(decision.id(), meaning.id(), reason, user);
            Optional<String> refusal = ReleaseRecords.refusal(c, decision);
            if (refusal.isPresent()) {
                return refused(409, c, refusal.get(), entered);
            }
            if (seen.isPresent() && !seen.get().equals(ReleasePage.seen(c))) {
                return refused(409, c, "the batch has changed since the form was shown (its last record is now "
                        + ReleasePage.seen(c) + ", the form showed " + seen.get() + "): review it and sign again",
                        entered);
            }
            // a signed record shows its signer's full name: without one listed, nobody is asked for a password
            SignerNames.Signer named = signer();
            if (!named.named()) {
                return unnamed(c, named, entered);
            }
            // the signature: the signer types user name and password again, checked by the realm like a sign-in
            Gatekeeper.SignIn signature;
            if (!user.equals(visitor.account().user())) {
                gate.attempts().refused(visitor.account().user());
                LOG.warn("Refused the signature of '{}' on batch {} from {}: signed as another user name",
                        visitor.account().user(), c.batchId(), web.remoteAddress());
                signature = new Gatekeeper.SignIn(Gatekeeper.Outcome.REFUSED, null, null);
            } else {
                signature = gate.signIn(user, password.toCharArray(), web.remoteAddress(), "signature on batch "
                        + c.batchId());
            }
            switch (signature.outcome()) {
                case LOCKED -> {
                    return Gatekeeper.locked(web, signature.lockedFor());
                }
                case UNAVAILABLE -> {
                    return Gatekeeper.unavailable(web);
                }
                case REFUSED -> {
                    return signatureRefused(c, entered);
                }
                default -> { }
            }
            Account signer = signature.account();
            if (!signer.may(Permission.RELEASE)) {
                return Gatekeeper.error(web, 403, "Not allowed", "user '" + signer.user() + "' ("
                        + signer.rolesText() + ") may not " + Permission.RELEASE.text(), Map.of());
            }
            RecordDraft draft = ReleaseRecords.draft(c, signer.user(), named.fullName(),
                    signer.roles().stream().map(Role::id).sorted().toList(), decision, meaning, reason,
                    clock.instant());
            LineRecord record;
            try {
                record = store.append(draft);
            } catch (LineFencedException | StoreException e) {
                LOG.error("The {} of batch {} by '{}' could not be recorded: {}", decision.id(), c.batchId(),
                        signer.user(), e.getMessage());
                return refused(503, c, "the decision could not be recorded, nothing was recorded: " + e.getMessage()
                        + "; try again later", entered);
            }
            LOG.info("Batch {} {} by {} ({}): record {} #{}", c.batchId(), decision.done().toLowerCase(
                    java.util.Locale.ROOT), named.shown().orElseThrow(), meaning.id(), record.lineId(), record.seq());
            String certificate = base + "/batches/" + pathSegment(c.batchId());
            if (api) {
                return new WebResponse(201, WebResponse.JSON, Map.of("Location", certificate, "Cache-Control",
                        "no-store"), new CertificateJson(base).recorded(record, web.origin() + certificate));
            }
            return new WebResponse(303, WebResponse.TEXT, Map.of("Location", certificate + "#release",
                    "Cache-Control", "no-store"), "recorded: " + record.lineId() + " #" + record.seq() + "\n");
        }

        /** A wrong signature: counted for the session too, which ends after {@value #SIGNATURE_ATTEMPTS}. */
        private WebResponse signatureRefused(BatchCertificate c, ReleasePage.Entered entered) {
            String message = "signature refused: the user name or password is wrong; nothing was recorded";
            if (visitor.viaSession() && visitor.session().signatureRefused() >= SIGNATURE_ATTEMPTS) {
                gate.sessions().close(visitor.session().id());
                LOG.warn("Ended the session of '{}' from {} after {} refused signatures", visitor.account().user(),
                        web.remoteAddress(), SIGNATURE_ATTEMPTS);
                return withCookie(Gatekeeper.error(web, 401, "Signed out", message + ". After "
                        + SIGNATURE_ATTEMPTS + " refused signatures the session was ended: sign in again.",
                        Map.of()), Gatekeeper.clearedCookie(web));
            }
            return refused(401, c, message, entered);
        }

        private WebResponse refused(int status, BatchCertificate c, String message, ReleasePage.Entered entered) {
            if (api) {
                return json(status, message, Map.of("batchId", c.batchId()));
            }
            return page(status, new ReleasePage(site.title(), base).render(viewer(), c, message, entered, signer()));
        }

        /** The signed-in user as a signer: with the full name the integrator listed, or why there is none. */
        private SignerNames.Signer signer() {
            return signers.signer(visitor.account().user());
        }

        /**
         * A signer without a listed full name: nothing is recorded, the answer says what is missing and who adds it
         * (403; 503 when the file itself is missing or malformed, a fault of the installation).
         */
        private WebResponse unnamed(BatchCertificate c, SignerNames.Signer signer, ReleasePage.Entered entered) {
            LOG.warn("Refused the signature of '{}' on batch {} from {}: {}", signer.user(), c.batchId(),
                    web.remoteAddress(), signer.problem());
            int status = signer.fileFault() ? 503 : 403;
            if (api) {
                return json(status, "signature refused, nothing was recorded: " + signer.problem(),
                        Map.of("batchId", c.batchId(), "user", signer.user(), "signerNames",
                                signers.file().toString()));
            }
            return page(status, new ReleasePage(site.title(), base).render(viewer(), c, null, entered, signer));
        }

        private void checkFormToken(QueryParameters form) {
            String token = form.raw("csrf").orElse(null);
            if (!visitor.session().formTokenIs(token)) {
                LOG.warn("Refused a {} to {} of '{}' from {}: the form's token is not the session's", web.method(),
                        web.rawPath(), visitor.account().user(), web.remoteAddress());
                throw new QueryParameters.BadParameterException("csrf", token == null ? "" : "(not shown)",
                        "parameter 'csrf' does not belong to this session: reload the page and send the form again");
            }
        }

        // ---- verify -----------------------------------------------------------------------------------------------

        private WebResponse verify() {
            if (web.formBody() != null) {
                throw bad("proof", "", "send the proof file as multipart/form-data (field 'proof') or as the JSON"
                        + " body");
            }
            QueryParameters form = QueryParameters.of(web.formFields(), Set.of("csrf"));
            if (visitor.viaSession()) {
                checkFormToken(form);
            }
            WebRequest.Upload upload = web.upload();
            if (upload == null) {
                throw bad("proof", "", "parameter 'proof' is missing: choose or drop a proof file");
            }
            String name = upload.name().isBlank() ? "the proof file" : upload.name();
            Verification result;
            if (upload.tooLarge()) {
                result = proofs.tooLarge(name);
            } else {
                Optional<Verification> checked = proofs.check(name, upload.content());
                if (checked.isEmpty()) {
                    return api ? json(503, "another proof file is being checked: try again in a moment", Map.of())
                            : Gatekeeper.error(web, 503, "Busy", "another proof file is being checked: try again"
                            + " in a moment", Map.of("Retry-After", "10"));
                }
                result = checked.get();
            }
            LOG.info("Proof file {} checked for '{}': {}", name, visitor.account().user(), result.outcome().label());
            if (api) {
                return new WebResponse(200, WebResponse.JSON, Map.of("Cache-Control", "no-store"),
                        new CertificateJson(base).verification(result, name));
            }
            return verifyPage(name, result);
        }

        private WebResponse verifyPage(String name, Verification result) {
            if (result == null) {
                QueryParameters.parse(web.rawQuery(), Set.of());
            }
            return page(200, new VerifyPage(site.title(), base).render(viewer(), proofs, name, result));
        }

        // ---- answers ------------------------------------------------------------------------------------------------

        private QueryParameters form(Set<String> known) {
            if (!web.formFields().isEmpty()) {
                return QueryParameters.of(web.formFields(), known);
            }
            return QueryParameters.parse(web.formBody(), known);
        }

        WebResponse badParameter(QueryParameters.BadParameterException e) {
            if (api) {
                return json(400, e.getMessage(), details("parameter", e.parameter(), "value", e.value()));
            }
            Map<String, String> headers = new LinkedHashMap<>(AccessPages.HEADERS);
            String html = pages().message("Bad request", e.getMessage(), 400)
                    .replaceFirst("<body ", "<body data-parameter=\"" + Html.escape(e.parameter()) + "\" ");
            return new WebResponse(400, WebResponse.HTML, headers, html);
        }

        private WebResponse unknownBatch(String batchId) {
            if (api) {
                return json(404, "no records of batch " + batchId + " are stored", Map.of("batchId", batchId));
            }
            return Gatekeeper.error(web, 404, "Unknown batch", "no records of batch " + batchId + " are stored",
                    Map.of());
        }

        private WebResponse tampered(String batchId) {
            return api ? json(500, "a record of batch " + batchId + " was changed in the database after it was"
                    + " recorded: no decision can be signed on it", Map.of("batchId", batchId))
                    : Gatekeeper.error(web, 500, "Tampered record", "a record of batch " + batchId + " was changed"
                    + " in the database after it was recorded: no decision can be signed on it (see the"
                    + " certificate)", Map.of());
        }

        private WebResponse notAllowed(String allowed) {
            return new WebResponse(405, WebResponse.TEXT, Map.of("Allow", allowed, "X-Content-Type-Options",
                    "nosniff"), web.method() + " is not allowed here; use " + allowed + "\n");
        }

        private WebResponse json(int status, String message, Map<String, Object> details) {
            return new WebResponse(status, WebResponse.JSON, Map.of("Cache-Control", "no-store"),
                    new CertificateJson(base).error(message, details));
        }
    }

    private static QueryParameters.BadParameterException bad(String parameter, String value, String message) {
        return new QueryParameters.BadParameterException(parameter, value, message);
    }

    private static WebResponse page(int status, String html) {
        return new WebResponse(status, WebResponse.HTML, AccessPages.HEADERS, html);
    }

    private static WebResponse withPage(WebResponse answer, String html) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.putAll(AccessPages.HEADERS);
        return new WebResponse(answer.status(), WebResponse.HTML, headers, html);
    }

    private static WebResponse withCookie(WebResponse answer, String cookie) {
        Map<String, String> headers = new LinkedHashMap<>(answer.headers());
        headers.put("Set-Cookie", cookie);
        return new WebResponse(answer.status(), answer.contentType(), headers, answer.content());
    }

    private static Map<String, Object> details(Object... keyValues) {
        Map<String, Object> details = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            details.put((String) keyValues[i], keyValues[i + 1]);
        }
        return details;
    }
}
