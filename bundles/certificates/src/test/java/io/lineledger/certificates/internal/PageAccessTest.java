package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every page and API, without sign-in, with a wrong password and with each role (HTTP Basic and a browser session):
 * nothing is served without an account, and each role gets exactly what it may.
 */
class PageAccessTest {

    @TempDir
    Path dir;

    private TestSite site;

    /** One path and the status each visitor gets: nobody, supervisor, auditor, integrator. */
    private record Case(String method, String path, int supervisor, int auditor, int integrator) { }

    private static final List<Case> CASES = List.of(
            new Case("GET", "/lineledger/batches", 200, 200, 200),
            new Case("GET", "/lineledger/batches/LOT-1", 200, 200, 200),
            new Case("GET", "/lineledger/batches/LOT-1.pdf", 200, 200, 200),
            new Case("GET", "/lineledger/batches/LOT-1/audit", 200, 200, 200),
            new Case("GET", "/lineledger/batches/NO-SUCH", 404, 404, 404),
            new Case("GET", "/lineledger/api/batches", 200, 200, 200),
            new Case("GET", "/lineledger/api/batches/LOT-1", 200, 200, 200),
            new Case("GET", "/lineledger/status", 200, 200, 200),
            new Case("GET", "/lineledger/api/status", 200, 200, 200),
            new Case("GET", "/lineledger/proof/line-1/2", 403, 200, 200),
            new Case("GET", "/lineledger/batches/LOT-1/release", 200, 403, 200),
            new Case("GET", "/lineledger/verify", 403, 200, 200),
            new Case("GET", "/lineledger/logout", 200, 200, 200),
            new Case("GET", "/lineledger/metrics", 404, 404, 404), // another bundle's servlet: READ gets through
            new Case("POST", "/lineledger/api/verify", 403, 200, 200),
            new Case("POST", "/lineledger/api/batches/LOT-1/release", 400, 403, 400));

    @BeforeEach
    void batches() {
        site = new TestSite(dir);
        Batches.complete3(site.store, "LOT-1", 500.0);
        Anchors.anchorAll(site.store, LINE);
    }

    private WebResponse send(Case c, Map<String, String> headers) {
        if ("POST".equals(c.method())) {
            WebRequest.Upload upload = c.path().endsWith("/verify")
                    ? WebRequest.Upload.of("p.json", "{}".getBytes(StandardCharsets.UTF_8), 1024) : null;
            return site.send("POST", c.path(), null, headers, upload == null ? "" : null, Map.of(), upload);
        }
        return site.get(c.path(), headers);
    }

    @Test
    void withoutSignInScriptsGetABasicChallengeAndNothingElse() {
        for (Case c : CASES) {
            WebResponse answer = send(c, Map.of());
            assertEquals(401, answer.status(), c.path());
            assertEquals("Basic realm=\"LineLedger\", charset=\"UTF-8\"", answer.headers().get("WWW-Authenticate"));
            assertFalse(answer.body().contains("LOT-1") && !answer.body().contains("next"), c.path());
        }
    }

    @Test
    void withoutSignInBrowsersAreSentToTheSignInFormAndBackAfterwards() {
        WebResponse answer = site.get("/lineledger/batches/LOT-1", TestSite.BROWSER);

        assertEquals(303, answer.status());
        assertEquals("/lineledger/login?next=%2Flineledger%2Fbatches%2FLOT-1", answer.headers().get("Location"));
        WebResponse form = site.send("GET", "/lineledger/login", "next=%2Flineledger%2Fbatches%2FLOT-1",
                TestSite.BROWSER, null, Map.of(), null);
        assertEquals(200, form.status());
        assertTrue(form.body().contains("name=\"next\" value=\"/lineledger/batches/LOT-1\""), form.body());
        WebResponse signedIn = site.post("/lineledger/login", TestSite.BROWSER, TestSite.form("user", Realms.AUDITOR,
                "password", Realms.password(Realms.AUDITOR), "next", "/lineledger/batches/LOT-1"));
        assertEquals(303, signedIn.status());
        assertEquals("/lineledger/batches/LOT-1", signedIn.headers().get("Location"));
        String cookie = signedIn.headers().get("Set-Cookie");
        assertTrue(cookie.startsWith(Gatekeeper.COOKIE + "="), cookie);
        assertTrue(cookie.contains("; Path=/lineledger; HttpOnly; SameSite=Lax"), cookie);
    }

    @Test
    void aFormSentAfterTheSessionEndedGetsASignInPageNotTheBrowsersBasicDialog() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        site.access.gate().sessions().close(sam.sessionId());

        WebResponse answer = site.post("/lineledger/batches/LOT-1/release", sam.headers(),
                TestSite.form("csrf", sam.formToken(), "decision", "release"));

        assertEquals(401, answer.status());
        assertEquals(WebResponse.HTML, answer.contentType());
        assertFalse(answer.headers().containsKey("WWW-Authenticate"));
        assertTrue(answer.body().contains("the session has ended: sign in again (nothing was recorded)"));
    }

    @Test
    void eachRoleGetsWhatItMayWithHttpBasic() {
        List<String> wrong = new ArrayList<>();
        for (Case c : CASES) {
            check(wrong, c, "supervisor", send(c, TestSite.basic(Realms.SUPERVISOR)), c.supervisor());
            check(wrong, c, "auditor", send(c, TestSite.basic(Realms.AUDITOR)), c.auditor());
            check(wrong, c, "integrator", send(c, TestSite.basic(Realms.INTEGRATOR)), c.integrator());
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void eachRoleGetsWhatItMayInABrowserSession() {
        List<String> wrong = new ArrayList<>();
        for (String user : List.of(Realms.SUPERVISOR, Realms.AUDITOR, Realms.INTEGRATOR)) {
            TestSite.Browser browser = site.signIn(user);
            for (Case c : CASES) {
                if ("POST".equals(c.method())) {
                    continue; // forms of a session carry its token: see the release and verify tests
                }
                int expected = user.equals(Realms.SUPERVISOR) ? c.supervisor()
                        : user.equals(Realms.AUDITOR) ? c.auditor() : c.integrator();
                check(wrong, c, user, send(c, browser.headers()), expected);
            }
        }
        assertEquals(List.of(), wrong);
    }

    private static void check(List<String> wrong, Case c, String who, WebResponse answer, int expected) {
        if (answer.status() != expected) {
            wrong.add(who + " " + c.method() + " " + c.path() + ": " + answer.status() + " (expected " + expected + ")");
        }
    }

    @Test
    void aRefusalNamesWhoMayAndIsAPageForBrowsers() {
        TestSite.Browser supervisor = site.signIn(Realms.SUPERVISOR);

        WebResponse answer = site.get("/lineledger/proof/line-1/2", supervisor.headers());
        WebResponse json = site.get("/lineledger/proof/line-1/2", TestSite.basic(Realms.SUPERVISOR));

        assertEquals(403, answer.status());
        assertEquals(WebResponse.JSON, answer.contentType()); // proof files are for scripts: JSON either way
        assertTrue(json.body().contains("user 'sam' (supervisor) may not download proof files: auditors and"
                + " integrators may"), json.body());
        WebResponse page = site.get("/lineledger/verify", supervisor.headers());
        assertEquals(403, page.status());
        assertEquals(WebResponse.HTML, page.contentType());
        assertTrue(page.body().contains("may not check proof files"), page.body());
    }

    @Test
    void pagesOfferOnlyWhatTheViewerMay() {
        String supervisorPage = site.get("/lineledger/batches/LOT-1", site.signIn(Realms.SUPERVISOR).headers()).body();
        String auditorPage = site.get("/lineledger/batches/LOT-1", site.signIn(Realms.AUDITOR).headers()).body();

        assertTrue(supervisorPage.contains("/lineledger/batches/LOT-1/release\">Release or reject"));
        assertFalse(supervisorPage.contains("/lineledger/proof/line-1/2"));
        assertTrue(supervisorPage.contains("data-user=\"sam\""));
        assertFalse(auditorPage.contains("/release\">Release or reject"));
        assertTrue(auditorPage.contains("href=\"/lineledger/proof/line-1/2\" download>proof</a>"));
        assertTrue(auditorPage.contains("/lineledger/verify\">Verify a proof file</a>"));
    }

    @Test
    void theHealthCheckAndTheSignInFormNeedNoAccount() {
        Gatekeeper gate = site.access.gate();
        WebRequest health = new WebRequest("GET", "", "/lineledger/health", null, TestSite.ORIGIN, Map.of(), null,
                null, Map.of(), null, null);

        assertTrue(gate.admit(health) instanceof Gatekeeper.Admitted);
        assertEquals(200, site.get("/lineledger/login", TestSite.BROWSER).status());
    }

    @Test
    void anAccountWithoutALineLedgerRoleIsRefusedAtSignIn() {
        WebResponse answer = site.post("/lineledger/login", TestSite.BROWSER, TestSite.form("user", Realms.NO_ROLE,
                "password", Realms.password(Realms.NO_ROLE)));
        WebResponse basic = site.get("/lineledger/batches", TestSite.basic(Realms.NO_ROLE));

        assertEquals(403, answer.status());
        assertTrue(answer.body().contains("This account has no LineLedger role"));
        assertFalse(answer.headers().containsKey("Set-Cookie"));
        assertEquals(403, basic.status());
    }

    @Test
    void signOutEndsTheSessionAndTheCookie() {
        TestSite.Browser browser = site.signIn(Realms.AUDITOR);

        WebResponse out = site.post("/lineledger/logout", browser.headers(), TestSite.form("csrf", browser.formToken()));

        assertEquals(303, out.status());
        assertTrue(out.headers().get("Set-Cookie").contains("Max-Age=0"));
        assertEquals(303, site.get("/lineledger/batches", browser.headers()).status()); // to the sign-in form again
    }

    @Test
    void signOutWithoutTheSessionsTokenIsRefusedNamingIt() {
        TestSite.Browser browser = site.signIn(Realms.AUDITOR);

        WebResponse out = site.post("/lineledger/logout", browser.headers(), TestSite.form("csrf", "forged"));

        assertEquals(400, out.status());
        assertTrue(out.body().contains("data-parameter=\"csrf\""), out.body());
        assertEquals(200, site.get("/lineledger/batches", browser.headers()).status());
    }

    @Test
    void aPostFromAnotherSiteIsRefused() {
        TestSite.Browser browser = site.signIn(Realms.SUPERVISOR);
        Map<String, String> headers = new java.util.HashMap<>(browser.headers());
        headers.put("Origin", "http://evil.example");

        WebResponse answer = site.post("/lineledger/logout", headers, TestSite.form("csrf", browser.formToken()));

        assertEquals(403, answer.status());
        assertEquals(200, site.get("/lineledger/batches", browser.headers()).status());
    }

    @Test
    void sessionsEndAfterIdleTime() {
        TestSite.Browser browser = site.signIn(Realms.AUDITOR);

        site.clock.advance(java.time.Duration.ofMinutes(29));
        assertEquals(200, site.get("/lineledger/batches", browser.headers()).status());
        site.clock.advance(java.time.Duration.ofMinutes(31));

        assertEquals(303, site.get("/lineledger/batches", browser.headers()).status());
    }

    @Test
    void aSignInNeverSendsTheBrowserToAnotherSite() {
        for (String next : List.of("https://evil.example/", "//evil.example/x", "/lineledger/../../x\\y",
                "/elsewhere", "/lineledger/login")) {
            WebResponse answer = site.post("/lineledger/login", TestSite.BROWSER, TestSite.form("user",
                    Realms.AUDITOR, "password", Realms.password(Realms.AUDITOR), "next", next));
            assertEquals("/lineledger/batches", answer.headers().get("Location"), next);
        }
    }

    @Test
    void unknownOrMalformedParametersAreNamed() {
        TestSite.Browser browser = site.signIn(Realms.INTEGRATOR);

        WebResponse list = site.send("GET", "/lineledger/batches", "pgae=2", browser.headers(), null, Map.of(), null);
        WebResponse login = site.post("/lineledger/login", TestSite.BROWSER, "user=a&password=b&remember=1");
        WebResponse audit = site.send("GET", "/lineledger/batches/LOT-1/audit", "x=%zz", browser.headers(), null,
                Map.of(), null);

        assertEquals(400, list.status());
        assertTrue(list.body().contains("data-parameter=\"pgae\""));
        assertEquals(400, login.status());
        assertTrue(login.body().contains("data-parameter=\"remember\""), login.body());
        assertEquals(400, audit.status());
        assertTrue(audit.body().contains("data-parameter=\"x\""), audit.body());
    }

    @Test
    void aMethodAPathDoesNotTakeIsA405() {
        WebResponse answer = site.post("/lineledger/batches", TestSite.basic(Realms.INTEGRATOR), "");

        assertEquals(405, answer.status());
        assertEquals("GET", answer.headers().get("Allow"));
    }
}
