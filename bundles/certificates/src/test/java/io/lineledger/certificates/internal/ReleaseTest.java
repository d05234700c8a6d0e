package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.ReleaseRecords;
import io.lineledger.model.LineRecord;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Release and rejection with an electronic signature: a record of the batch, on the certificate and its trail. */
class ReleaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private TestSite site;

    @BeforeEach
    void batch() {
        site = new TestSite(dir);
        Batches.complete3(site.store, "LOT-1", 500.0);
        Anchors.anchorAll(site.store, LINE);
    }

    private String releaseForm(TestSite.Browser browser, String batch) {
        WebResponse form = site.get("/lineledger/batches/" + batch + "/release", browser.headers());
        assertEquals(200, form.status(), form.body());
        return form.body();
    }

    private static String seen(String form) {
        int at = form.indexOf("name=\"seen\" value=\"") + "name=\"seen\" value=\"".length();
        return form.substring(at, form.indexOf('"', at));
    }

    private WebResponse sign(TestSite.Browser browser, String batch, String decision, String user, String password,
                             String seen) {
        return site.post("/lineledger/batches/" + batch + "/release", browser.headers(), TestSite.form(
                "csrf", browser.formToken(), "seen", seen, "decision", decision, "meaning", "approval",
                "reason", "Reviewed the fill weights, all within spec", "user", user, "password", password));
    }

    private List<LineRecord> releases(String batch) {
        return site.store.batch(batch).stream().filter(r -> ReleaseRecords.TYPE.equals(r.type())).toList();
    }

    @Test
    void aSupervisorReleasesAPassBatchWithASignatureThatBecomesARecordOfTheBatch() throws Exception {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String form = releaseForm(sam, "LOT-1");
        assertEquals("line-1#5", seen(form));

        WebResponse signed = sign(sam, "LOT-1", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen(form));

        assertEquals(303, signed.status(), signed.body());
        assertEquals("/lineledger/batches/LOT-1#release", signed.headers().get("Location"));
        List<LineRecord> records = releases("LOT-1");
        assertEquals(1, records.size());
        LineRecord release = records.get(0);
        assertEquals(LINE, release.lineId());
        assertEquals(6, release.seq());
        Map<String, Object> f = release.fields();
        assertEquals("release", f.get("decision"));
        assertEquals("approval", f.get("meaning"));
        assertEquals(ReleaseRecords.Meaning.APPROVAL.text(), f.get("meaningText"));
        assertEquals("Reviewed the fill weights, all within spec", f.get("reason"));
        assertEquals("sam", f.get("signedBy"));
        assertEquals("Sam Okafor", f.get("signerName"));
        assertEquals(List.of("supervisor"), f.get("signerRoles"));
        assertEquals(site.clock.instant().toString(), f.get("signedAt"));
        assertEquals("PASS", f.get("verdict"));
        assertEquals("anchored", f.get("seal"));
        assertEquals(Map.of("lineId", LINE, "seq", 5, "digest", site.store.find(LINE, 5).orElseThrow().digest().hex()),
                f.get("lastRecord"));

        String page = site.get("/lineledger/batches/LOT-1", sam.headers()).body();
        assertTrue(page.contains("data-release=\"released\""));
        assertTrue(page.contains("Released by Sam Okafor (sam)"), page);
        assertTrue(page.contains("data-signed-by=\"sam\" data-signer-name=\"Sam Okafor\""), page);
        assertTrue(page.contains("<td>Sam Okafor (sam)</td>"), page);
        assertTrue(page.contains("data-anchored=\"false\""), "the release record is not anchored yet");
        Anchors.anchorAll(site.store, LINE);
        JsonNode json = JSON.readTree(site.get("/lineledger/api/batches/LOT-1", TestSite.basic(Realms.AUDITOR)).body());
        assertEquals("released", json.at("/release/state").asText());
        assertEquals("sam", json.at("/release/decisions/0/signedBy").asText());
        assertEquals("Sam Okafor", json.at("/release/decisions/0/signerName").asText());
        assertEquals("Sam Okafor (sam)", json.at("/release/decisions/0/signer").asText());
        assertEquals("released by Sam Okafor (sam)", json.at("/release/text").asText());
        assertTrue(json.at("/release/decisions/0/anchored").asBoolean());
        assertEquals("anchored", json.get("seal").asText());
        String audit = site.get("/lineledger/batches/LOT-1/audit", sam.headers()).body();
        assertTrue(audit.contains("Sam Okafor (sam), electronic signature"), audit);
        assertTrue(audit.contains("Released (Approval: I approve this decision on the batch): Reviewed the fill"));
        byte[] pdf = site.get("/lineledger/batches/LOT-1.pdf", sam.headers()).content();
        try (PDDocument d = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(d);
            assertTrue(text.contains("Release: released by Sam Okafor (sam)"), text);
            assertTrue(text.contains("by Sam Okafor (sam) (user name and password)"), text);
            assertTrue(text.contains("Reviewed the fill weights, all within spec"), text);
        }
    }

    @Test
    void theFormShowsTheNameTheRecordWillCarry() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);

        String form = releaseForm(sam, "LOT-1");

        assertTrue(form.contains("data-signer=\"named\""), form);
        assertTrue(form.contains("You sign as <strong>Sam Okafor (sam)</strong>"), form);
    }

    @Test
    void aSupervisorWithoutAFullNameIsToldWhoAddsItAndSignsNothingUntilItIsAdded() throws Exception {
        Files.writeString(site.signerNames, "ivy = Ivy Berg\n", StandardCharsets.UTF_8); // sam's line taken away
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);

        WebResponse form = site.get("/lineledger/batches/LOT-1/release", sam.headers());
        assertEquals(200, form.status());
        String missing = Html.escape("user 'sam' has no full name in " + site.signerNames + ", and a signature must"
                + " show the signer's full name: an integrator adds the line 'sam = <full name>' to that file");
        assertTrue(form.body().contains("data-signer=\"missing\""), form.body());
        assertTrue(form.body().contains("You cannot sign: " + missing), form.body());
        assertTrue(form.body().contains("Nothing is recorded until then."), form.body());
        assertFalse(form.body().contains("<form class=\"release\""), "no password is asked for: " + form.body());

        WebResponse signed = sign(sam, "LOT-1", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                "line-1#5");
        assertEquals(403, signed.status(), signed.body());
        assertTrue(signed.body().contains(missing), signed.body());
        assertEquals(List.of(), releases("LOT-1"));
        assertEquals(0, site.access.gate().attempts().refusedTotal(), "not a wrong password");

        // the integrator adds the line: it counts at the next signature, no restart
        Files.writeString(site.signerNames, "sam = Sam Okafor\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        WebResponse again = sign(sam, "LOT-1", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen(releaseForm(sam, "LOT-1")));
        assertEquals(303, again.status(), again.body());
        assertEquals("Sam Okafor", releases("LOT-1").get(0).fields().get("signerName"));
    }

    @Test
    void aMalformedOrMissingSignersFileStopsEverySignatureNamingFileAndLine() throws Exception {
        Files.writeString(site.signerNames, "ivy = Ivy Berg\nsam Sam Okafor\n", StandardCharsets.UTF_8);

        WebResponse answer = site.post("/lineledger/api/batches/LOT-1/release", TestSite.basic(Realms.INTEGRATOR),
                TestSite.form("decision", "release", "meaning", "responsibility", "reason", "Released after review",
                        "password", Realms.password(Realms.INTEGRATOR)));

        assertEquals(503, answer.status(), answer.body());
        JsonNode error = JSON.readTree(answer.body());
        assertEquals("signature refused, nothing was recorded: " + site.signerNames + " line 2: expected"
                + " 'user = Full Name', got 'sam Sam Okafor': nobody can sign until an integrator fixes it",
                error.get("error").asText());
        assertEquals(site.signerNames.toString(), error.get("signerNames").asText());
        assertEquals(List.of(), releases("LOT-1"));

        Files.delete(site.signerNames);
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String form = site.get("/lineledger/batches/LOT-1/release", sam.headers()).body();
        assertTrue(form.contains(Html.escape("the file of the signers' full names " + site.signerNames
                + " does not exist")), form);
        assertFalse(form.contains("<form class=\"release\""), form);
    }

    @Test
    void aReleaseRecordedBeforeFullNamesShowsTheUserNameAlone() throws Exception {
        // as the release form recorded it before signers had full names: no signerName field
        io.lineledger.certificates.BatchCertificate c = new io.lineledger.certificates.CertificateView(site.store)
                .of("LOT-1").orElseThrow();
        io.lineledger.model.RecordDraft draft = ReleaseRecords.draft(c, "sam", "Sam Okafor", List.of("supervisor"),
                ReleaseRecords.Decision.RELEASE, ReleaseRecords.Meaning.APPROVAL, "Checked", site.clock.instant());
        Map<String, Object> old = new java.util.LinkedHashMap<>(draft.fields());
        old.remove("signerName");
        site.store.append(new io.lineledger.model.RecordDraft(draft.lineId(), draft.type(), draft.batchId(), old));
        TestSite.Browser alex = site.signIn(Realms.AUDITOR);

        String page = site.get("/lineledger/batches/LOT-1", alex.headers()).body();
        assertTrue(page.contains("Released by sam"), page);
        assertTrue(page.contains("<td>sam</td>"), page);
        JsonNode json = JSON.readTree(site.get("/lineledger/api/batches/LOT-1", TestSite.basic(Realms.AUDITOR)).body());
        assertEquals("sam", json.at("/release/decisions/0/signer").asText());
        assertTrue(json.at("/release/decisions/0/signerName").isNull());
        assertTrue(site.get("/lineledger/batches/LOT-1/audit", alex.headers()).body()
                .contains("sam, electronic signature"));
        try (PDDocument d = Loader.loadPDF(site.get("/lineledger/batches/LOT-1.pdf", alex.headers()).content())) {
            assertTrue(new PDFTextStripper().getText(d).contains("Release: released by sam"));
        }
    }

    @Test
    void aWrongPasswordSignsNothingAndIsCountedAndThreeEndTheSession() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String seen = seen(releaseForm(sam, "LOT-1"));

        WebResponse first = sign(sam, "LOT-1", "release", Realms.SUPERVISOR, "guess", seen);

        assertEquals(401, first.status());
        assertTrue(first.body().contains("signature refused: the user name or password is wrong; nothing was"
                + " recorded"), first.body());
        assertTrue(first.body().contains("Reviewed the fill weights, all within spec"), "the form keeps the reason");
        assertEquals(List.of(), releases("LOT-1"));
        assertEquals(1, site.access.gate().attempts().refusedTotal());
        assertEquals(401, sign(sam, "LOT-1", "release", Realms.SUPERVISOR, "guess", seen).status());
        WebResponse third = sign(sam, "LOT-1", "release", Realms.SUPERVISOR, "guess", seen);
        assertEquals(401, third.status());
        assertTrue(third.headers().get("Set-Cookie").contains("Max-Age=0"));
        assertEquals(303, site.get("/lineledger/batches/LOT-1", sam.headers()).status(), "signed out");
        assertEquals(List.of(), releases("LOT-1"));
    }

    @Test
    void signingWithAnotherUsersNameIsRefused() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);

        WebResponse answer = sign(sam, "LOT-1", "release", Realms.INTEGRATOR, Realms.password(Realms.INTEGRATOR),
                seen(releaseForm(sam, "LOT-1")));

        assertEquals(401, answer.status());
        assertEquals(List.of(), releases("LOT-1"));
    }

    @Test
    void onlyAPassBatchIsReleasedAFailingOneCanBeRejected() {
        Batches.complete3(site.store, "LOT-F", 520.0);
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String form = releaseForm(sam, "LOT-F");
        assertTrue(form.contains("value=\"release\" required disabled"), form);

        WebResponse release = sign(sam, "LOT-F", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen(form));
        WebResponse reject = sign(sam, "LOT-F", "reject", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen(form));

        assertEquals(409, release.status());
        assertTrue(release.body().contains("batch LOT-F is FAIL: only a PASS batch can be released"), release.body());
        assertEquals(303, reject.status());
        assertEquals("reject", releases("LOT-F").get(0).fields().get("decision"));
        assertTrue(site.get("/lineledger/batches/LOT-F", sam.headers()).body().contains("Rejected by Sam Okafor (sam)"));
    }

    @Test
    void aRunningBatchCannotBeSigned() {
        Batches.start(site.store, "LOT-R", "Olive oil 500 ml");
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);

        String form = releaseForm(sam, "LOT-R");
        WebResponse answer = sign(sam, "LOT-R", "reject", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                "line-1#7");

        assertFalse(form.contains("<form class=\"release\""));
        assertEquals(409, answer.status());
        assertTrue(answer.body().contains("is still running"));
    }

    @Test
    void aSignatureNeverCoversRecordsItsSignerDidNotSee() {
        Batches.start(site.store, "LOT-2", "Olive oil 500 ml");
        Batches.quality(site.store, "LOT-2", 500.0);
        Batches.complete(site.store, "LOT-2", "Olive oil 500 ml", 1, 0);
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String seen = seen(releaseForm(sam, "LOT-2"));
        Batches.quality(site.store, "LOT-2", 501.0); // a late record of the batch while the form was open

        WebResponse answer = sign(sam, "LOT-2", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen);

        assertEquals(409, answer.status());
        assertTrue(answer.body().contains("the batch has changed since the form was shown"), answer.body());
        assertEquals(List.of(), releases("LOT-2"));
    }

    @Test
    void aReleaseNoLongerStandsOnceRecordsJoinTheBatchAfterIt() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        sign(sam, "LOT-1", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen(releaseForm(sam, "LOT-1")));

        Batches.quality(site.store, "LOT-1", 500.1);
        String page = site.get("/lineledger/batches/LOT-1", sam.headers()).body();

        assertTrue(page.contains("data-release=\"invalid\""), page);
        assertTrue(page.contains("1 record was added to the batch after this signature"), page);
    }

    @Test
    void missingOrMalformedFieldsAreNamed() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String seen = seen(releaseForm(sam, "LOT-1"));
        String pw = Realms.password(Realms.SUPERVISOR);
        Map<String, String[]> cases = Map.of(
                "decision", new String[] {"csrf", sam.formToken(), "seen", seen, "decision", "approve", "meaning",
                    "approval", "reason", "r", "user", "sam", "password", pw},
                "meaning", new String[] {"csrf", sam.formToken(), "seen", seen, "decision", "release", "meaning",
                    "because", "reason", "r", "user", "sam", "password", pw},
                "reason", new String[] {"csrf", sam.formToken(), "seen", seen, "decision", "release", "meaning",
                    "approval", "reason", "  ", "user", "sam", "password", pw},
                "password", new String[] {"csrf", sam.formToken(), "seen", seen, "decision", "release", "meaning",
                    "approval", "reason", "r", "user", "sam"},
                "seen", new String[] {"csrf", sam.formToken(), "seen", "5", "decision", "release", "meaning",
                    "approval", "reason", "r", "user", "sam", "password", pw},
                "csrf", new String[] {"seen", seen, "decision", "release", "meaning", "approval", "reason", "r",
                    "user", "sam", "password", pw},
                "signature", new String[] {"csrf", sam.formToken(), "seen", seen, "decision", "release", "meaning",
                    "approval", "reason", "r", "user", "sam", "password", pw, "signature", "x"});
        cases.forEach((parameter, fields) -> {
            WebResponse answer = site.post("/lineledger/batches/LOT-1/release", sam.headers(), TestSite.form(fields));
            assertEquals(400, answer.status(), parameter + ": " + answer.body());
            assertTrue(answer.body().contains("data-parameter=\"" + parameter + "\""), parameter + ": "
                    + answer.body());
        });
        assertEquals(List.of(), releases("LOT-1"));
    }

    @Test
    void aScriptSignsWithBasicCredentialsAndThePasswordAgain() throws Exception {
        WebResponse answer = site.post("/lineledger/api/batches/LOT-1/release", TestSite.basic(Realms.INTEGRATOR),
                TestSite.form("decision", "release", "meaning", "responsibility", "reason", "Released after review",
                        "password", Realms.password(Realms.INTEGRATOR)));

        assertEquals(201, answer.status(), answer.body());
        JsonNode json = JSON.readTree(answer.body());
        assertEquals(6, json.at("/record/seq").asLong());
        assertEquals("ivy", json.get("signedBy").asText());
        assertEquals("Ivy Berg", json.get("signerName").asText());
        assertEquals("Ivy Berg (ivy)", json.get("signer").asText());
        assertEquals("http://plant.example:8181/lineledger/batches/LOT-1", json.get("certificate").asText());
        assertEquals(List.of("integrator"), releases("LOT-1").get(0).fields().get("signerRoles"));

        WebResponse noPassword = site.post("/lineledger/api/batches/LOT-1/release", TestSite.basic(Realms.INTEGRATOR),
                TestSite.form("decision", "reject", "meaning", "review", "reason", "x"));
        assertEquals(400, noPassword.status());
        assertEquals("password", JSON.readTree(noPassword.body()).get("parameter").asText());
        WebResponse unknown = site.post("/lineledger/api/batches/NO-SUCH/release", TestSite.basic(Realms.INTEGRATOR),
                TestSite.form("decision", "reject", "meaning", "review", "reason", "x", "password", "y"));
        assertEquals(404, unknown.status());
    }

    @Test
    void whenTheStoreRefusesTheRecordNothingIsSignedAndTheSupervisorIsTold() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);
        String seen = seen(releaseForm(sam, "LOT-1"));
        site.store.fenceLine(LINE, 99, "test: the chain is ahead");

        WebResponse answer = sign(sam, "LOT-1", "release", Realms.SUPERVISOR, Realms.password(Realms.SUPERVISOR),
                seen);

        assertEquals(503, answer.status());
        assertTrue(answer.body().contains("the decision could not be recorded, nothing was recorded"), answer.body());
        assertEquals(List.of(), releases("LOT-1"));
    }

    @Test
    void anUnknownBatchIsA404Page() {
        TestSite.Browser sam = site.signIn(Realms.SUPERVISOR);

        WebResponse answer = site.get("/lineledger/batches/NO-SUCH/release", sam.headers());

        assertEquals(404, answer.status());
        assertEquals(WebResponse.HTML, answer.contentType());
    }
}
