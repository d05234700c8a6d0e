package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.AnchoredChain;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.model.Anchor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The auditor's verify page: the CLI's engine on a dropped file, each check shown, bad files COULD NOT CHECK. */
class VerifyPageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestSite site(boolean node, boolean pinned) {
        TestSite plain = new TestSite(dir.resolve("plain-" + node + pinned).toFile().mkdirs()
                ? dir.resolve("plain-" + node + pinned) : dir);
        Batches.complete3(plain.store, "LOT-1", 500.0);
        Anchor anchor = Anchors.anchorAll(plain.store, LINE);
        if (!node) {
            return plain;
        }
        // the same records on a site whose verify page reads a chain holding their anchor
        TestSite withChain = new TestSite(dir.resolve("chain-" + pinned).toFile().mkdirs()
                ? dir.resolve("chain-" + pinned) : dir,
                new AnchoredChain(Anchors.CHAIN_ID, Anchors.CONTRACT, anchor), pinned ? Anchors.CONTRACT : null);
        this.proof = plain.get("/lineledger/proof/line-1/2", TestSite.basic(Realms.AUDITOR)).content();
        return withChain;
    }

    private byte[] proof;

    private WebResponse drop(TestSite site, TestSite.Browser browser, String name, byte[] content) {
        return site.send("POST", "/lineledger/verify", null, browser.headers(), null,
                Map.of("csrf", browser.formToken()), WebRequest.Upload.of(name, content, 64 * 1024));
    }

    @Test
    void aDroppedProofFileIsCheckedByTheCliEngineAndEachCheckIsShown() {
        TestSite site = site(true, true);
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);

        WebResponse page = drop(site, alex, "line-1-2.proof.json", proof);

        assertEquals(200, page.status());
        String html = page.body();
        assertTrue(html.contains("data-outcome=\"VALID\""), html);
        for (String check : new String[] {"record-digest", "merkle-proof", "leaf-position", "anchor-range",
            "expected-contract", "chain-id", "contract-anchor", "anchor-transaction"}) {
            assertTrue(html.contains("data-check=\"" + check + "\" data-result=\"PASS\""), check + ": " + html);
        }
        assertTrue(html.contains("<span class=\"id\">line-1-2.proof.json</span>"));
    }

    @Test
    void aTamperedProofFileIsInvalidNamingTheFailedCheck() {
        TestSite site = site(true, true);
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);
        byte[] tampered = new String(proof, StandardCharsets.UTF_8).replace("\"value\":500.2", "\"value\":500.3")
                .replace("500.2", "500.3").getBytes(StandardCharsets.UTF_8);

        String html = drop(site, alex, "tampered.json", tampered).body();

        assertTrue(html.contains("data-outcome=\"INVALID\""), html);
        assertTrue(html.contains("data-check=\"record-digest\" data-result=\"FAIL\""), html);
    }

    @Test
    void withoutAPinEveryPassingCheckIsStillOnlyUnpinned() {
        TestSite site = site(true, false);
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);

        String html = drop(site, alex, "p.json", proof).body();

        assertTrue(html.contains("data-outcome=\"UNPINNED\""), html);
        assertTrue(site.get("/lineledger/verify", alex.headers()).body().contains("so a proof that passes every check"
                + " is UNPINNED, never VALID"));
    }

    @Test
    void badFilesCouldNotBeCheckedNeverAStackTrace() {
        TestSite site = site(true, true);
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);
        Map<String, byte[]> files = Map.of(
                "empty.json", new byte[0],
                "garbage.bin", new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2},
                "not-json.txt", "hello".getBytes(StandardCharsets.UTF_8),
                "duplicate.json", "{\"format\":\"lineledger-proof\",\"format\":\"x\"}".getBytes(StandardCharsets.UTF_8),
                "truncated.json", java.util.Arrays.copyOf(proof, proof.length / 2),
                "array.json", "[1,2,3]".getBytes(StandardCharsets.UTF_8));
        files.forEach((name, content) -> {
            WebResponse page = drop(site, alex, name, content);
            assertEquals(200, page.status(), name);
            assertTrue(page.body().contains("data-outcome=\"UNCHECKABLE\""), name + ": " + page.body());
            assertTrue(page.body().contains("COULD NOT CHECK"), name);
            assertFalse(page.body().contains("Exception"), name + ": " + page.body());
            assertFalse(page.body().contains("\tat "), name);
        });
        WebResponse large = site.send("POST", "/lineledger/verify", null, alex.headers(), null,
                Map.of("csrf", alex.formToken()), WebRequest.Upload.tooLarge("huge.json", 65_536));
        assertTrue(large.body().contains("data-outcome=\"UNCHECKABLE\""));
        assertTrue(large.body().contains("huge.json is larger than the limit of 65536 bytes: not read"), large.body());
    }

    @Test
    void withoutANodeTheChainChecksCouldNotRun() {
        TestSite site = site(false, false);
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);
        byte[] file = site.get("/lineledger/proof/line-1/2", alex.headers()).content();

        String html = drop(site, alex, "p.json", file).body();

        assertTrue(html.contains("data-outcome=\"UNCHECKABLE\""), html);
        assertTrue(html.contains("data-check=\"record-digest\" data-result=\"PASS\""), html);
        assertTrue(html.contains("no chain node is configured for the verify page"), html);
    }

    @Test
    void scriptsGetTheCliJson() throws Exception {
        TestSite site = site(true, true);

        WebResponse answer = site.send("POST", "/lineledger/api/verify", null, TestSite.basic(Realms.AUDITOR), null,
                Map.of(), WebRequest.Upload.of("the request body", proof, 64 * 1024));

        assertEquals(200, answer.status());
        JsonNode json = JSON.readTree(answer.body());
        assertEquals("VALID", json.get("verdict").asText());
        assertEquals(0, json.get("exitCode").asInt());
        assertEquals("REGISTRY", json.at("/pin/level").asText());
        assertEquals("PASS", json.at("/checks/0/result").asText());
    }

    @Test
    void aFormWithoutAFileOrWithoutTheSessionsTokenIsRefusedNamingIt() {
        TestSite site = site(false, false);
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);

        WebResponse noFile = site.send("POST", "/lineledger/verify", null, alex.headers(), null,
                Map.of("csrf", alex.formToken()), null);
        WebResponse noToken = site.send("POST", "/lineledger/verify", null, alex.headers(), null, Map.of(),
                WebRequest.Upload.of("p.json", new byte[] {'{', '}'}, 1024));

        assertEquals(400, noFile.status());
        assertTrue(noFile.body().contains("data-parameter=\"proof\""), noFile.body());
        assertEquals(400, noToken.status());
        assertTrue(noToken.body().contains("data-parameter=\"csrf\""), noToken.body());
    }
}
