package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sign-in through Karaf's JAAS login module: wrong passwords are refused, counted and locked, with no hint. */
class SignInTest {

    @TempDir
    Path dir;

    @Test
    void theRealmsRolePrincipalsGiveTheRoles() {
        JaasPasswordCheck passwords = Realms.passwords(Realms.usersFile(dir));

        assertEquals(Set.of(Role.SUPERVISOR), passwords.check(Realms.SUPERVISOR,
                Realms.password(Realms.SUPERVISOR).toCharArray()).orElseThrow().roles());
        assertEquals(Set.of(Role.INTEGRATOR), passwords.check(Realms.INTEGRATOR,
                Realms.password(Realms.INTEGRATOR).toCharArray()).orElseThrow().roles());
        assertEquals(Set.of(), passwords.check(Realms.NO_ROLE, Realms.password(Realms.NO_ROLE).toCharArray())
                .orElseThrow().roles());
        assertTrue(passwords.check(Realms.SUPERVISOR, "wrong".toCharArray()).isEmpty());
        assertTrue(passwords.check("nobody", "wrong".toCharArray()).isEmpty());
    }

    @Test
    void aRealmThatIsNotConfiguredIsUnavailableNotAWrongPassword() {
        JaasPasswordCheck passwords = new JaasPasswordCheck("no-such-realm", getClass().getClassLoader(),
                Realms.karaf(Realms.usersFile(dir)));

        PasswordCheck.LoginUnavailableException e = assertThrows(PasswordCheck.LoginUnavailableException.class,
                () -> passwords.check("sam", "x".toCharArray()));
        assertTrue(e.getMessage().startsWith("JAAS realm 'no-such-realm' cannot be used"), e.getMessage());
    }

    @Test
    void theDistributionShipsNoUserOnlyTheGroupsOfTheRoles() throws Exception {
        java.util.List<String> entries = java.nio.file.Files.readAllLines(java.nio.file.Path.of(
                "../../features/distribution/src/main/assembly/etc/users.properties")).stream()
                .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();

        assertEquals(java.util.List.of("_g_\\:supervisors = group,supervisor", "_g_\\:auditors = group,auditor",
                "_g_\\:integrators = group,integrator,admin,manager,viewer,systembundles,ssh"), entries);
        assertTrue(Realms.passwords(dir.resolve("none").toFile().mkdirs() ? shippedOnly(dir.resolve("none")) : null)
                .check("karaf", "karaf".toCharArray()).isEmpty(), "no karaf/karaf");
    }

    private static java.nio.file.Path shippedOnly(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path users = dir.resolve("users.properties");
        java.nio.file.Files.copy(java.nio.file.Path.of(
                "../../features/distribution/src/main/assembly/etc/users.properties"), users);
        return users;
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswer() {
        TestSite site = new TestSite(dir);

        WebResponse wrongPassword = site.post("/lineledger/login", TestSite.BROWSER,
                TestSite.form("user", Realms.SUPERVISOR, "password", "guess"));
        WebResponse unknownUser = site.post("/lineledger/login", TestSite.BROWSER,
                TestSite.form("user", "mallory", "password", "guess"));

        assertEquals(401, wrongPassword.status());
        assertEquals(401, unknownUser.status());
        assertEquals(wrongPassword.body().replace(Realms.SUPERVISOR, "X"), unknownUser.body().replace("mallory", "X"));
        assertTrue(wrongPassword.body().contains("The user name or password is wrong."));
        assertFalse(wrongPassword.headers().containsKey("Set-Cookie"));
        assertEquals(2, site.access.gate().attempts().refusedTotal());
    }

    @Test
    void wrongBasicCredentialsAreRefusedAndCounted() {
        TestSite site = new TestSite(dir);

        WebResponse answer = site.get("/lineledger/api/batches", TestSite.basic(Realms.AUDITOR, "guess"));

        assertEquals(401, answer.status());
        assertTrue(answer.body().contains("the user name or password is wrong"), answer.body());
        assertEquals(1, site.access.gate().attempts().refusedTotal());
        assertEquals(401, site.get("/lineledger/api/batches", Map.of("Authorization", "Bearer x")).status());
    }

    @Test
    void theStatusPageCountsWrongPasswordsLocksAndSessions() throws Exception {
        TestSite site = new TestSite(dir);
        site.get("/lineledger/api/batches", TestSite.basic(Realms.AUDITOR, "guess"));
        site.signIn(Realms.SUPERVISOR);

        com.fasterxml.jackson.databind.JsonNode status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                site.get("/lineledger/api/status", TestSite.basic(Realms.INTEGRATOR)).body());
        String page = site.get("/lineledger/status", TestSite.basic(Realms.INTEGRATOR)).body();

        assertEquals(1, status.at("/signIn/refusedPasswords").asLong());
        assertEquals(0, status.at("/signIn/lockedNames").asLong());
        assertEquals(1, status.at("/signIn/sessions").asLong());
        assertTrue(page.contains("data-refused-passwords=\"1\""), page);
    }

    @Test
    void fiveWrongPasswordsLockTheNameEvenForTheRightOneThenItOpensAgain() {
        TestSite site = new TestSite(dir);
        for (int i = 0; i < 5; i++) {
            assertEquals(401, site.get("/lineledger/api/batches", TestSite.basic(Realms.AUDITOR, "guess" + i)).status());
        }

        WebResponse locked = site.get("/lineledger/api/batches", TestSite.basic(Realms.AUDITOR));
        WebResponse form = site.post("/lineledger/login", TestSite.BROWSER, TestSite.form("user", Realms.AUDITOR,
                "password", Realms.password(Realms.AUDITOR)));

        assertEquals(429, locked.status());
        assertEquals("31", locked.headers().get("Retry-After"));
        assertEquals(429, form.status());
        assertTrue(form.body().contains("try again in 31 s"), form.body());
        assertEquals(200, site.get("/lineledger/api/batches", TestSite.basic(Realms.SUPERVISOR)).status());
        site.clock.advance(Duration.ofSeconds(31));
        assertEquals(200, site.get("/lineledger/api/batches", TestSite.basic(Realms.AUDITOR)).status());
        assertEquals(5, site.access.gate().attempts().refusedTotal());
    }

    @Test
    void locksDoubleUpToTheLongest() {
        TestSite.TickingClock clock = new TestSite.TickingClock();
        LoginAttempts attempts = new LoginAttempts(clock, 2, Duration.ofSeconds(10), Duration.ofSeconds(25));

        attempts.refused("u");
        assertTrue(attempts.locked("u").isEmpty());
        attempts.refused("u");
        assertEquals(Duration.ofSeconds(10), attempts.locked("u").orElseThrow());
        attempts.refused("u");
        assertEquals(Duration.ofSeconds(20), attempts.locked("u").orElseThrow());
        attempts.refused("u");
        assertEquals(Duration.ofSeconds(25), attempts.locked("u").orElseThrow());
        attempts.accepted("u");
        assertTrue(attempts.locked("u").isEmpty());
        assertEquals(3, attempts.refusedWhileLockedTotal());
    }

    @Test
    void manyNamesNeverGrowTheTrackedSetBeyondItsBound() {
        LoginAttempts attempts = new LoginAttempts(new TestSite.TickingClock(), 5, Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        for (int i = 0; i < LoginAttempts.TRACKED + 500; i++) {
            attempts.refused("user-" + i);
        }
        assertEquals(LoginAttempts.TRACKED + 500, attempts.refusedTotal());
        assertTrue(attempts.locked("user-0").isEmpty());
    }

    @Test
    void aSessionCookieOfAnotherBrowserOrAnEndedSessionIsNoSignIn() {
        TestSite site = new TestSite(dir);
        TestSite.Browser browser = site.signIn(Realms.AUDITOR);

        WebResponse forged = site.get("/lineledger/api/batches", Map.of("Cookie", Gatekeeper.COOKIE + "=forged"));
        site.access.gate().sessions().close(browser.sessionId());
        WebResponse ended = site.get("/lineledger/api/batches", browser.headers());

        assertEquals(401, forged.status());
        assertEquals(401, ended.status());
    }

    @Test
    void signingInAgainGivesANewSessionId() {
        TestSite site = new TestSite(dir);
        TestSite.Browser first = site.signIn(Realms.AUDITOR);

        WebResponse again = site.post("/lineledger/login", first.headers(), TestSite.form("user", Realms.AUDITOR,
                "password", Realms.password(Realms.AUDITOR)));

        assertFalse(again.headers().get("Set-Cookie").contains(first.sessionId()));
        assertEquals(401, site.get("/lineledger/api/batches", first.headers()).status());
    }

    @Test
    void basicCredentialsAreParsedStrictly() {
        assertTrue(Gatekeeper.basicCredentials("Basic !!!").isEmpty());
        assertTrue(Gatekeeper.basicCredentials("Basic " + java.util.Base64.getEncoder().encodeToString(
                "nocolon".getBytes())).isEmpty());
        assertEquals("p:w", Gatekeeper.basicCredentials("basic " + java.util.Base64.getEncoder().encodeToString(
                "u:p:w".getBytes())).orElseThrow()[1]);
    }
}
