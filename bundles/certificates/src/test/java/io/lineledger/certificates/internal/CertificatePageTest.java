package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.certificates.BatchCertificate;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.CertificateView;
import io.lineledger.model.Anchor;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import java.util.Map;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CertificatePageTest {

    private final RecordStore store = H2RecordStores.newStore();
    private final CertificatePage page = new CertificatePage("Plant <Nord>", "/lineledger");

    private String render(String batchId) {
        BatchCertificate certificate = ChainChecks.view(store).of(batchId).orElseThrow();
        return page.render(certificate);
    }

    @Test
    void pageShowsTheVerdictAndTheQualityRecords() {
        Batches.complete3(store, "LOT-1", 510.4);

        String html = render("LOT-1");

        assertTrue(html.contains("<div class=\"verdict fail\"><span class=\"label\">Quality verdict</span>"
                + "<span class=\"value\">FAIL</span>"), html);
        assertTrue(html.contains("Olive oil 500 ml"));
        assertTrue(html.contains("Plant &lt;Nord&gt;"), "title is escaped too");
        assertTrue(html.contains("3 (passed 2, failed 1)"));
        assertEquals(3, count(html, "<tr class=\"(pass|fail)\">"), "one row per quality record");
        assertEquals(1, count(html, "<tr class=\"fail\">"));
        assertTrue(html.contains("<td class=\"num\">510.4 g</td><td>495.0 \u2013 505.0 g</td><td class=\"result\">FAIL</td>")
                || html.contains("<td class=\"num\">510.4 g</td><td>495 \u2013 505 g</td><td class=\"result\">FAIL</td>"), html);
        assertTrue(html.contains("2025-03-04 08:00:30 UTC"), "quality rows show the source time");
    }

    @Test
    void batchJoinedMidwaySaysHowManyPartsWereNotObserved() {
        Batches.start(store, "LOT-J", "Olive oil 500 ml");
        Batches.quality(store, "LOT-J", 500.1);
        store.append(new RecordDraft(LINE, "batch-completed", "LOT-J", Map.of("product", "Olive oil 500 ml",
                "parts", 1, "passed", 1, "failed", 0, "partsReported", 20, "unobserved", 19, "verdict", "INCOMPLETE")));

        String html = render("LOT-J");

        assertTrue(html.contains("data-unobserved=\"19\""), html);
        assertTrue(html.contains("1 (passed 1, failed 0); the PLC made 20: 19 not observed"), html);
        assertTrue(html.contains("<div class=\"verdict incomplete\">"), html);
    }

    @Test
    void runningBatchSaysInProgress() {
        Batches.start(store, "LOT-2", "Olive oil 500 ml");
        Batches.quality(store, "LOT-2", 500.1);

        String html = render("LOT-2");

        assertTrue(html.contains("<span class=\"value\">in progress</span>"));
        assertTrue(html.contains("data-anchored=\"false\""));
        assertTrue(html.contains("the batch is still running"));
    }

    @Test
    void pageEscapesAHostileBatchId() {
        String hostile = "LOT-\"><script>alert('x')</script>&<img src=x onerror=alert(1)>";
        Batches.complete3(store, hostile, 500.0);
        Anchors.anchorAll(store, LINE);

        String html = render(hostile);

        assertFalse(html.contains("<script"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("'x'"), html);
        assertTrue(html.contains("LOT-&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&lt;img"));
        // the JSON link encodes the id as one path segment
        assertTrue(html.contains("/lineledger/api/batches/LOT-%22%3E%3Cscript%3Ealert%28%27x%27%29"), html);
    }

    @Test
    void pageShowsEachDigestShortenedWithTheFullValueInATitleAndAProofLinkPerAnchoredRecord() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchor(store, LINE, 1, 4);

        String html = render("LOT-1");

        for (long seq = 1; seq <= 5; seq++) {
            LineRecord record = store.find(LINE, seq).orElseThrow();
            String hex = record.digest().hex();
            assertTrue(html.contains("<abbr title=\"" + hex + "\">" + hex.substring(0, 10) + "\u2026"
                    + hex.substring(62) + "</abbr>"), "digest of " + seq);
        }
        for (long seq = 1; seq <= 4; seq++) {
            assertTrue(html.contains("<a href=\"/lineledger/proof/line-1/" + seq + "\" download>proof</a>"));
        }
        assertFalse(html.contains("/lineledger/proof/line-1/5\""), "no proof link before anchoring");
    }

    @Test
    void pageShowsAnchoringStatusAndEachAnchor() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchor anchor = Anchors.anchor(store, LINE, 1, 4);

        String html = render("LOT-1");

        assertTrue(html.contains("Anchored <strong>4 of 5</strong> records"), html);
        assertTrue(html.contains("<td class=\"num\">" + Anchors.CHAIN_ID + "</td>"));
        assertTrue(html.contains(Anchors.CONTRACT));
        assertTrue(html.contains(anchor.txHash()));
        assertTrue(html.contains("<td class=\"num\">" + anchor.blockNumber() + "</td>"));
        assertTrue(html.contains("line-1 1\u20134"));
    }

    @Test
    void bodyIsMarkedAnchoredOnlyWhenEveryRecordOfACompletedBatchIsAnchored() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchor(store, LINE, 1, 4);
        assertTrue(render("LOT-1").contains("<body data-anchored=\"false\""));
        assertFalse(render("LOT-1").contains("data-anchored=\"true\""));

        Anchors.anchor(store, LINE, 5, 5);

        String html = render("LOT-1");
        assertTrue(html.contains("<body data-anchored=\"true\""));
        assertTrue(html.contains("<!-- lineledger:anchored=true -->"));
        assertTrue(html.contains("Anchored <strong>5 of 5</strong> records: every record"));
    }

    @Test
    void pageLoadsNothingFromElsewhere() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);

        String html = render("LOT-1");

        assertFalse(html.contains("http://") || html.contains("https://") || html.contains("//fonts"), html);
        assertFalse(html.contains("<script") || html.contains("<link") || html.contains("@import"));
        assertTrue(html.contains("<style>") && html.contains("@media print"));
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void eachCharacteristicHasItsFiguresVerdictAndAChartAgainstItsLimits() throws Exception {
        io.lineledger.certificates.Characteristics.passingBatch(store, "LOT-M", true);

        String html = render("LOT-M");
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "certificate-LOT-M.html"), html); // to look at

        assertTrue(html.contains("data-characteristics=\"2\""), html);
        assertTrue(html.contains("<tr class=\"characteristic pass\" data-characteristic=\"fillWeight\" "
                + "data-verdict=\"PASS\" data-n=\"3\" data-statistics=\"recorded\">"), html);
        // unit, nominal, LSL, USL, n, min, max, mean, std dev, Cp, Cpk
        assertTrue(html.contains("<td>g</td><td class=\"num\">500</td><td class=\"num\">495</td><td class=\"num\">505</td>"
                + "<td class=\"num\">3</td><td class=\"num\">499.8</td><td class=\"num\">500.3</td>"
                + "<td class=\"num\">500.10</td><td class=\"num\">0.26</td><td class=\"num\">6.30</td>"
                + "<td class=\"num\">6.17</td>"), html);
        assertEquals(2, count(html, "<svg class=\"chart\""));
        assertEquals(2 * 2, count(html, "stroke-dasharray=\"4 2\""), "LSL and USL lines in both charts");
        assertTrue(html.contains("data-alarms=\"2\""));
        assertTrue(html.contains("<tr class=\"alarm-record raised\" data-alarm=\"DoorOpen\" data-state=\"raised\">"),
                html);
        assertTrue(html.contains("<dt>Recipe</dt><dd>R-7</dd>"), html);
        assertTrue(html.contains("<dt>PLC counters</dt><dd>good 3, rejected 0"), html);
    }

    @Test
    void statisticsComputedFromQualityRecordsSaySo() {
        Batches.complete3(store, "LOT-1", 510.4);

        String html = render("LOT-1");

        assertTrue(html.contains("data-statistics=\"computed\""), html);
        assertTrue(html.contains("statistics computed from the quality records"), html);
        assertTrue(html.contains("1 of 3 values out of spec"), html);
    }

    @Test
    void groupZStatesTheSealWithChainRegistryTransactionAndBlock() {
        Batches.complete3(store, "LOT-1", 500.0);
        Anchor anchor = Anchors.anchorAll(store, LINE);

        String html = render("LOT-1");

        assertTrue(html.contains("data-seal=\"anchored\""), html);
        assertTrue(html.contains("<dt>Registry</dt><dd><span class=\"hex\">" + Anchors.CONTRACT + "</span></dd>"), html);
        assertTrue(html.contains("<dt>Transaction</dt><dd><span class=\"hex\">" + anchor.txHash() + "</span></dd>"));
        assertTrue(html.contains("<dt>Block time</dt><dd><span class=\"muted\">not stored"), html);
        assertTrue(html.contains("<dt>A03 Certificate number</dt><dd>LL-line-1-LOT-1-"), html);
    }

    @Test
    void beforeAnchoringTheSealIsNotClaimed() {
        Batches.complete3(store, "LOT-1", 500.0);

        String html = render("LOT-1");

        assertTrue(html.contains("data-seal=\"unknown\""), html);
        assertTrue(html.contains("<dt>Chain</dt><dd><span class=\"muted\">no record of this batch is anchored yet"),
                html);
        assertFalse(html.contains("data-seal=\"anchored\""));
    }

    @Test
    void aRunningBatchOrAPendingSealReloadsItselfAFinalCertificateDoesNot() {
        Batches.start(store, "LOT-R", "Olive oil 500 ml");
        assertTrue(render("LOT-R").contains("<meta http-equiv=\"refresh\" content=\"5\">"));

        Batches.complete3(store, "LOT-1", 500.0);
        Anchors.anchorAll(store, LINE);
        assertFalse(render("LOT-1").contains("http-equiv=\"refresh\""), "anchored: final");
    }
}
