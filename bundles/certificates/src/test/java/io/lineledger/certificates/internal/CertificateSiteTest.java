package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.MerkleTree;
import io.lineledger.model.ProofFile;
import io.lineledger.model.RangeProofFile;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class CertificateSiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource database = H2RecordStores.newDatabase();
    private final RecordStore store = new JdbcRecordStore(database);
    private final CertificateSite site = new CertificateSite(store, "Plant Nord", 50, java.util.List::of, null, ChainChecks.of(store));

    private WebResponse get(String path) {
        return site.handle("", path);
    }

    private static JsonNode json(WebResponse response) throws Exception {
        assertEquals(WebResponse.JSON, response.contentType());
        return JSON.readTree(response.body());
    }

    @Test
    void certificatePageIsServedAsHtmlWithAStrictContentSecurityPolicy() {
        Batches.complete3(store, "LOT-1", 500.0);

        WebResponse page = get("/lineledger/batches/LOT-1");

        assertEquals(200, page.status());
        assertEquals(WebResponse.HTML, page.contentType());
        assertTrue(page.headers().get("Content-Security-Policy").startsWith("default-src 'none'"));
        assertTrue(page.body().contains("<span class=\"value\">PASS</span>"));
    }

    @Test
    void batchListLinksToEachCertificateWithItsIdEncoded() {
        Batches.complete3(store, "LOT-1", 500.0);
        Batches.complete3(store, "LOT/2 <b>", 500.0);

        WebResponse list = get("/lineledger/batches");

        assertEquals(200, list.status());
        assertTrue(list.body().contains("<a class=\"id\" href=\"/lineledger/batches/LOT-1\">LOT-1</a>"));
        assertTrue(list.body().contains("href=\"/lineledger/batches/LOT%2F2%20%3Cb%3E\">LOT/2 &lt;b&gt;</a>"),
                list.body());
        assertEquals(200, get("/lineledger/batches/").status());
    }

    @Test
    void batchIdWithSlashAndSpacesRoundTripsThroughItsEncodedLink() {
        Batches.complete3(store, "LOT/2 <b>", 500.0);

        WebResponse page = get("/lineledger/batches/LOT%2F2%20%3Cb%3E");

        assertEquals(200, page.status());
        assertTrue(page.body().contains("<span class=\"id\">LOT/2 &lt;b&gt;</span>"));
    }

    @Test
    void unknownBatchIsA404PageThatEscapesTheId() {
        WebResponse page = get("/lineledger/batches/%3Cscript%3E");

        assertEquals(404, page.status());
        assertEquals(WebResponse.HTML, page.contentType());
        assertTrue(page.body().contains("&lt;script&gt;"));
        assertFalse(page.body().contains("<script"));
    }

    @Test
    void apiReturnsTheCertificateAsJson() throws Exception {
        Batches.complete3(store, "LOT-1", 510.4);
        Anchor anchor = Anchors.anchorAll(store, LINE);

        JsonNode c = json(get("/lineledger/api/batches/LOT-1"));

        assertEquals("LOT-1", c.get("batchId").asText());
        assertEquals("FAIL", c.get("verdict").asText());
        assertTrue(c.get("completed").asBoolean());
        assertTrue(c.get("fullyAnchored").asBoolean());
        assertEquals(5, c.get("records").asInt());
        assertEquals(5, c.get("anchored").asInt());
        assertEquals(3, c.get("quality").size());
        assertEquals(510.4, c.get("quality").get(1).get("value").asDouble());
        assertEquals("FAIL", c.get("quality").get(1).get("verdict").asText());
        assertEquals(store.find(LINE, 2).orElseThrow().digest().hex(), c.get("recordDigests").get(1).get("digest").asText());
        assertEquals("/lineledger/proof/line-1/2", c.get("recordDigests").get(1).get("proof").asText());
        assertEquals(anchor.txHash(), c.get("anchors").get(0).get("txHash").asText());
        assertEquals(anchor.root().hex(), c.get("anchors").get(0).get("root").asText());
    }

    @Test
    void apiStatesCharacteristicsAlarmsSealAndTheLastAnchoredRoot() throws Exception {
        io.lineledger.certificates.Characteristics.passingBatch(store, "LOT-M", true);
        Anchor anchor = Anchors.anchorAll(store, LINE);

        JsonNode c = json(get("/lineledger/api/batches/LOT-M"));

        assertTrue(c.get("certificateNumber").asText().startsWith("LL-line-1-LOT-M-"));
        assertEquals("R-7", c.get("recipe").asText());
        assertEquals("anchored", c.get("seal").asText());
        assertEquals(anchor.root().hex(), c.get("lastAnchorRoot").asText());
        assertEquals(3, c.get("plcCounts").get("good").asLong());
        JsonNode weight = c.get("characteristics").get(1);
        assertEquals("fillWeight", weight.get("name").asText());
        assertEquals(3, weight.get("n").asLong());
        assertEquals(499.8, weight.get("min").asDouble());
        assertEquals("recorded", weight.get("statistics").asText());
        assertEquals("PASS", weight.get("verdict").asText());
        assertTrue(weight.get("cpk").asDouble() > 6);
        assertEquals(2, c.get("alarms").size());
        assertEquals("raised", c.get("alarms").get(0).get("state").asText());
        assertEquals(6, c.get("quality").size(), "the quality records stay as they were");
    }

    @Test
    void apiListsRecentBatchesAndAnswers404WithJsonForAnUnknownBatch() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);

        JsonNode list = json(get("/lineledger/api/batches"));
        assertEquals("LOT-1", list.get(0).get("batchId").asText());
        assertEquals("/lineledger/batches/LOT-1", list.get(0).get("certificate").asText());

        WebResponse unknown = get("/lineledger/api/batches/LOT-9");
        assertEquals(404, unknown.status());
        assertEquals("LOT-9", json(unknown).get("batchId").asText());
    }

    @Test
    void proofOfAnAnchoredRecordIsAJsonAttachmentThatVerifies() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchor anchor = Anchors.anchorAll(store, LINE);

        WebResponse download = get("/lineledger/proof/line-1/3");

        assertEquals(200, download.status());
        assertEquals(WebResponse.JSON, download.contentType());
        assertEquals("attachment; filename=\"line-1-3.proof.json\"", download.headers().get("Content-Disposition"));
        ProofFile proof = ProofFile.parse(download.body());
        LineRecord record = store.find(LINE, 3).orElseThrow();
        assertEquals(record.digest(), proof.digest());
        assertEquals(record.digest(), proof.record().digest());
        assertTrue(MerkleTree.processLeafProof(proof.leafHash(), proof.proof()).equals(anchor.root()));
    }

    @Test
    void proofOfAnUnknownRecordIs404NamingLineAndSeq() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);

        WebResponse missing = get("/lineledger/proof/line-1/42");

        assertEquals(404, missing.status());
        JsonNode error = json(missing);
        assertEquals("no record line-1/42", error.get("error").asText());
        assertEquals("line-1", error.get("lineId").asText());
        assertEquals(42, error.get("seq").asLong());
    }

    @Test
    void proofBeforeAnchoringIs409() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);

        WebResponse early = get("/lineledger/proof/line-1/1");

        assertEquals(409, early.status());
        assertEquals("record line-1/1 is not anchored yet", json(early).get("error").asText());
    }

    @Test
    void proofWithASeqThatIsNotANumberIs400() throws Exception {
        WebResponse bad = get("/lineledger/proof/line-1/abc");

        assertEquals(400, bad.status());
        JsonNode error = json(bad);
        assertTrue(error.get("error").asText().contains("'abc'"), error.toString());
        assertEquals("abc", error.get("seq").asText());
        assertEquals(400, get("/lineledger/proof/line-1/0").status());
    }

    @Test
    void proofOfARecordChangedAfterAnchoringIsRefused() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);
        // rewritten consistently from seq 2 on: the store's own checks pass, only the anchored root tells
        H2RecordStores.rewriteFrom(database, LINE, 2, new RecordDraft(LINE, "quality", "LOT-1", Map.of()));

        WebResponse refused = get("/lineledger/proof/line-1/1");
        assertEquals(500, refused.status());
        assertTrue(json(refused).get("error").asText().contains("was anchored in tx"), refused.body());
    }

    @Test
    void proofOverARangeWithATamperedRecordIs500NamingTheRequestedAndTheTamperedRecord() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);
        tamperJson(2);

        WebResponse refused = get("/lineledger/proof/line-1/1");

        assertEquals(500, refused.status());
        JsonNode error = json(refused);
        assertTrue(error.get("error").asText().contains("line-1#2 was tampered with"), error.toString());
        assertEquals("line-1", error.get("lineId").asText());
        assertEquals(1, error.get("seq").asLong());
        assertEquals("line-1", error.get("tampered").get("lineId").asText());
        assertEquals(2, error.get("tampered").get("seq").asLong());
        assertEquals(2, json(get("/lineledger/proof/line-1/2")).get("tampered").get("seq").asLong());
    }

    @Test
    void certificateOfABatchWithATamperedRecordIs500NamingTheRecord() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        tamperJson(4);

        WebResponse api = get("/lineledger/api/batches/LOT-1");
        assertEquals(500, api.status());
        JsonNode error = json(api);
        assertEquals("LOT-1", error.get("batchId").asText());
        assertEquals("line-1", error.get("tampered").get("lineId").asText());
        assertEquals(4, error.get("tampered").get("seq").asLong());

        WebResponse page = get("/lineledger/batches/LOT-1");
        assertEquals(500, page.status());
        assertEquals(WebResponse.HTML, page.contentType());
        assertTrue(page.body().contains("Record <span class=\"id\">line-1/4</span> of batch"), page.body());
        assertFalse(page.body().contains("data-anchored=\"true\""));
    }

    private void tamperJson(long seq) {
        String json = store.find(LINE, seq).orElseThrow().canonicalJson();
        H2RecordStores.tamperJson(database, LINE, seq, json.replace("\"checkweigher\"", "\"bypass\""));
    }

    @Test
    void linksCarryTheContextPath() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);

        String html = site.handle("/plant", "/lineledger/batches/LOT-1").body();

        assertTrue(html.contains("href=\"/plant/lineledger/proof/line-1/1\""));
        assertTrue(html.contains("href=\"/plant/lineledger/batches\""));
    }

    @Test
    void certificatePdfIsServedForTheDotPdfSuffixAndForFormatPdfWithTheSameBytes() {
        Batches.complete3(store, "LOT-1", 500.0);

        WebResponse suffix = site.handle("", "/lineledger/batches/LOT-1.pdf", null, "http://plant:8181");
        WebResponse format = site.handle("", "/lineledger/batches/LOT-1", "format=pdf", "http://plant:8181");

        assertEquals(200, suffix.status());
        assertEquals(WebResponse.PDF, suffix.contentType());
        assertEquals("inline; filename=\"certificate-LOT-1.pdf\"", suffix.headers().get("Content-Disposition"));
        assertTrue(suffix.body().startsWith("%PDF-"));
        assertArrayEquals(suffix.content(), format.content());
    }

    @Test
    void aBatchWhoseIdEndsInDotPdfKeepsItsPageAndItsPdf() {
        Batches.complete3(store, "LOT.pdf", 500.0);

        WebResponse page = get("/lineledger/batches/LOT.pdf");
        assertEquals(200, page.status());
        assertEquals(WebResponse.HTML, page.contentType());
        assertEquals(WebResponse.PDF, get("/lineledger/batches/LOT.pdf.pdf").contentType());
        assertEquals(WebResponse.PDF, site.handle("", "/lineledger/batches/LOT.pdf", "format=pdf", "").contentType());
    }

    @Test
    void pdfOfAnUnknownBatchIsThe404PageAndABadFormatIs400NamingIt() {
        WebResponse unknown = get("/lineledger/batches/LOT-9.pdf");
        assertEquals(404, unknown.status());
        assertEquals(WebResponse.HTML, unknown.contentType());
        assertTrue(unknown.body().contains("Unknown batch"));

        Batches.complete3(store, "LOT-1", 500.0);
        WebResponse bad = site.handle("", "/lineledger/batches/LOT-1", "format=docx", "");
        assertEquals(400, bad.status());
        assertTrue(bad.body().contains("parameter &#39;format&#39; must be html or pdf, got &#39;docx&#39;"),
                bad.body());
    }

    @Test
    void certificatePageLinksItsPdfAndStatesTheFieldGroups() {
        Batches.complete3(store, "LOT-1", 500.0);

        String html = get("/lineledger/batches/LOT-1").body();

        assertTrue(html.contains("href=\"/lineledger/batches/LOT-1.pdf\">PDF</a>"), html);
        for (String group : new String[] {"A", "B", "C", "Z"}) {
            assertTrue(html.contains("<section class=\"group\" data-group=\"" + group + "\">"), group);
        }
        assertTrue(html.contains("<svg class=\"chart\""), html);
    }

    @Test
    void batchAndLineRangeProofsAreJsonAttachmentsAndTheCertificateLinksTheBatchProof() throws Exception {
        Batches.complete3(store, "LOT/1", 500.0);
        Batches.start(store, "LOT-2", "Olive oil 500 ml");
        Anchors.anchorAll(store, LINE);

        WebResponse batch = get("/lineledger/proof/batches/LOT%2F1/batch-proof");
        assertEquals(200, batch.status(), batch.body());
        assertEquals("attachment; filename=\"line-1-LOT_1.batch-proof.json\"",
                batch.headers().get("Content-Disposition"));
        RangeProofFile file = RangeProofFile.parse(batch.body());
        assertEquals("LOT/1", file.batchId());
        assertEquals(5, file.records().size());
        assertTrue(get("/lineledger/batches/LOT%2F1").body().contains(
                "href=\"/lineledger/proof/batches/LOT%2F1/batch-proof\" download>Batch proof</a>"));

        WebResponse range = get("/lineledger/proof/line-1/2-6");
        assertEquals(200, range.status(), range.body());
        assertEquals("attachment; filename=\"line-1-2-6.range-proof.json\"",
                range.headers().get("Content-Disposition"));
        assertEquals(5, RangeProofFile.parse(range.body()).records().size());

        assertEquals(409, get("/lineledger/proof/batches/LOT-2/batch-proof").status()); // still running
        assertEquals(404, get("/lineledger/proof/batches/LOT-9/batch-proof").status());
        assertEquals(404, get("/lineledger/proof/line-1/2-9").status());
        assertEquals(400, get("/lineledger/proof/line-1/6-2").status());
    }

    @Test
    void otherPathsAreNotFoundAndMalformedEscapesAreBadRequests() {
        assertEquals(404, get("/lineledger").status());
        assertEquals(404, get("/lineledger/proof/line-1").status());
        assertEquals(404, get("/lineledger/batches/a/b").status());
        assertEquals(400, get("/lineledger/batches/LOT%2").status());
    }
}
