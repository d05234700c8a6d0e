package io.lineledger.certificates.internal;

import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import io.lineledger.verifier.ChainReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The whole web front as the servlet runs it, without a container: the real store on H2, Karaf's login module over a
 * users file, the verifier's engine; requests are {@link WebRequest}s as the servlet makes them.
 */
final class TestSite {

    static final String ORIGIN = "http://plant.example:8181";
    static final Map<String, String> BROWSER = Map.of("Accept", "text/html,application/xhtml+xml");

    final TickingClock clock = new TickingClock();
    final RecordStore store = H2RecordStores.newStore();
    final WebAccess access;
    final WebFront front;
    /** The signers' full names ({@link Realms#signerNamesFile}); tests rewrite it to take a name away. */
    final Path signerNames;

    TestSite(Path dir) {
        this(dir, null, null);
    }

    /** @param chain the chain the verify page reads (null: none configured); @param registry its pin, or null */
    TestSite(Path dir, ChainReader chain, String registry) {
        this.access = Realms.access(Realms.usersFile(dir), clock);
        ProofCheck proofs = new ProofCheck(chain == null ? null : () -> chain, chain == null ? "" : "test chain",
                null, registry, 64 * 1024);
        Gatekeeper gate = access.gate();
        this.signerNames = Realms.signerNamesFile(dir);
        this.front = new WebFront(new CertificateSite(store, "Plant Nord", 50, java.util.List::of,
                () -> SignInFigures.of(gate), ChainChecks.of(store)), gate, store, proofs, new SignerNames(signerNames), clock);
    }

    WebResponse send(String method, String path, String query, Map<String, String> headers, String formBody,
                     Map<String, String> fields, WebRequest.Upload upload) {
        return front.handle(new WebRequest(method, "", path, query, ORIGIN, headers, "192.0.2.7", formBody,
                fields, upload, null));
    }

    WebResponse get(String path, Map<String, String> headers) {
        return send("GET", path, null, headers, null, Map.of(), null);
    }

    WebResponse post(String path, Map<String, String> headers, String formBody) {
        return send("POST", path, null, headers, formBody, Map.of(), null);
    }

    static Map<String, String> basic(String user) {
        return basic(user, Realms.password(user));
    }

    static Map<String, String> basic(String user, String password) {
        return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** Signs in on the form; the browser's headers from then on (cookie, Accept) and the session's form token. */
    Browser signIn(String user) {
        WebResponse answer = post("/lineledger/login", BROWSER, form("user", user, "password", Realms.password(user),
                "next", "/lineledger/batches"));
        if (answer.status() != 303) {
            throw new AssertionError("sign-in of " + user + " answered " + answer.status() + ": " + answer.body());
        }
        String cookie = answer.headers().get("Set-Cookie");
        String id = cookie.substring(cookie.indexOf('=') + 1, cookie.indexOf(';'));
        String token = access.gate().sessions().find(id).orElseThrow().formToken();
        Map<String, String> headers = new LinkedHashMap<>(BROWSER);
        headers.put("Cookie", Gatekeeper.COOKIE + "=" + id);
        return new Browser(Map.copyOf(headers), token, id);
    }

    /** A signed-in browser. */
    record Browser(Map<String, String> headers, String formToken, String sessionId) { }

    /** An url-encoded form body. */
    static String form(String... namesAndValues) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(java.net.URLEncoder.encode(namesAndValues[i], StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(namesAndValues[i + 1], StandardCharsets.UTF_8));
        }
        return body.toString();
    }

    /** A clock the tests move forward. */
    static final class TickingClock extends Clock {
        private Instant now = Instant.parse("2025-03-04T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
    }
}
