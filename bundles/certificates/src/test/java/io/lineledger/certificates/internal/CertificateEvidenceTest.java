package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.StatusServices;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the certificate says about missing evidence: reasons, gap records, and how anchoring really stands. */
class CertificateEvidenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordStore store = H2RecordStores.newStore();
    private final List<StatusFeed> feeds = new ArrayList<>();
    private final CertificateSite site = new CertificateSite(store, "Plant Nord", 50, () -> List.copyOf(feeds), null,
            ChainChecks.of(store));

    private String page(String batchId) {
        WebResponse response = site.handle("", "/lineledger/batches/" + batchId);
        assertEquals(200, response.status(), response.body());
        return response.body();
    }

    private JsonNode api(String batchId) throws Exception {
        return JSON.readTree(site.handle("", "/lineledger/api/batches/" + batchId).body());
    }

    private LineRecord start(String batchId) {
        Batches.start(store, batchId, "Olive oil 500 ml");
        return store.batch(batchId).get(0);
    }

    private void completeWith(String batchId, String verdict, List<String> reasons) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("product", "Olive oil 500 ml");
        fields.put("parts", 1);
        fields.put("passed", 1);
        fields.put("failed", 0);
        fields.put("verdict", verdict);
        fields.put("reasons", reasons);
        store.append(new RecordDraft(LINE, "batch-completed", batchId, fields));
    }

    private long gap(Instant from, Instant to, String cause, String detail) {
        return store.append(new ObservationGap(LINE, from, to, cause, detail).toDraft()).seq();
    }

    @Test
    void incompleteBatchShowsItsRecordedReasonsNextToTheVerdictAsText() throws Exception {
        start("LOT-R");
        completeWith("LOT-R", "INCOMPLETE", List.of("no quality records", "part count <script>alert(1)</script>"));

        String html = page("LOT-R");

        assertTrue(html.contains("<span class=\"value\">INCOMPLETE</span></div>\n<div class=\"reasons\">"), html);
        assertTrue(html.contains("<li>no quality records</li>"), html);
        assertTrue(html.contains("<li>part count &lt;script&gt;alert(1)&lt;/script&gt;</li>"), html);
        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("data-reasons=\"2\""), html);
        JsonNode c = api("LOT-R");
        assertEquals("INCOMPLETE", c.get("verdict").asText());
        assertEquals("no quality records", c.get("reasons").get(0).asText());
    }

    @Test
    void gapTouchingTheBatchIsATableRowWithCauseInWordsDurationDetailAndItsRecordSeq() throws Exception {
        LineRecord started = start("LOT-G");
        Batches.quality(store, "LOT-G", 500.1);
        Instant from = started.recordedAt().minusSeconds(125);
        long seq = gap(from, started.recordedAt().plusMillis(5), ObservationGap.CAUSE_SESSION_LOST,
                "Bad_ConnectionClosed <b>x</b>");
        completeWith("LOT-G", "INCOMPLETE", List.of("1 gap while the batch ran"));

        String html = page("LOT-G");

        assertTrue(html.contains("data-gaps=\"1\""), html);
        assertTrue(html.contains("<tr class=\"gap\" data-cause=\"opcua-session-lost\"><td>" + Html.time(from)
                + "</td>"), html);
        assertTrue(html.contains("<td class=\"num\">2 min 5 s</td><td>OPC UA session to the PLC lost</td>"
                + "<td>Bad_ConnectionClosed &lt;b&gt;x&lt;/b&gt;</td><td>line-1 #" + seq + "</td></tr>"), html);
        JsonNode g = api("LOT-G").get("gaps").get(0);
        assertEquals(seq, g.get("seq").asLong());
        assertEquals(from.toString(), g.get("from").asText());
        assertEquals(125_005, g.get("durationMs").asLong());
        assertEquals("opcua-session-lost", g.get("cause").asText());
        assertEquals("Bad_ConnectionClosed <b>x</b>", g.get("detail").asText());
    }

    @Test
    void gapsOutsideTheBatchAreNotShown() {
        LineRecord started = start("LOT-N");
        gap(started.recordedAt().minusSeconds(600), started.recordedAt().minusSeconds(300),
                ObservationGap.CAUSE_LINELEDGER_DOWN, "");
        completeWith("LOT-N", "PASS", List.of());

        String html = page("LOT-N");

        assertTrue(html.contains("data-gaps=\"0\""), html);
        assertTrue(html.contains("No gap record touches this batch"), html);
        assertTrue(html.contains("<span class=\"value\">PASS</span>"), html);
    }

    @Test
    void recordedPassThatAGapTouchesIsShownIncompleteWithTheReason() throws Exception {
        LineRecord started = start("LOT-P");
        gap(started.recordedAt(), started.recordedAt().plusSeconds(3), ObservationGap.CAUSE_QUEUE_OVERFLOW, "12 lost");
        completeWith("LOT-P", "PASS", List.of());

        String html = page("LOT-P");

        assertTrue(html.contains("data-verdict=\"INCOMPLETE\""), html);
        assertTrue(html.contains("recorded as PASS, but 1 gap record of the line touches the batch"), html);
        JsonNode c = api("LOT-P");
        assertEquals("INCOMPLETE", c.get("verdict").asText());
        assertEquals("PASS", c.get("recordedVerdict").asText());
    }

    @Test
    void runningBatchShowsGapsUpToNow() {
        LineRecord started = start("LOT-RUN");
        gap(started.recordedAt().plusMillis(1), started.recordedAt().plusMillis(900),
                ObservationGap.CAUSE_SUBSCRIPTION_LOST, "watchdog");

        String html = page("LOT-RUN");

        assertTrue(html.contains("data-gaps=\"1\""), html);
        assertTrue(html.contains("<td class=\"num\">899 ms</td><td>OPC UA subscription dropped by the server</td>"),
                html);
    }

    @Test
    void withoutAnAnchoringServiceTheStateIsUnknownAndNothingImpliesTheRestFollow() throws Exception {
        Batches.complete3(store, "LOT-U", 500.0);

        String html = page("LOT-U");

        assertTrue(html.contains("data-anchoring-state=\"UNKNOWN\""), html);
        assertTrue(html.contains("<strong>Anchoring status unknown</strong> on line line-1: anchoring status "
                + "unknown: no anchoring service is running"), html);
        assertFalse(html.contains("follow within the next anchoring window"), html);
        assertEquals("UNKNOWN", api("LOT-U").get("anchoring").get("state").asText());
    }

    @Test
    void anchoringAlarmOfTheLineIsShownInRedWithItsReason() throws Exception {
        feeds.add(new AnchoringFeed(StatusServices.anchoring(StatusServices.reachableNode(),
                StatusServices.line(LINE, LineStatus.State.ALARM, "another writer advanced the line <to 40>"))));
        Batches.complete3(store, "LOT-A", 500.0);
        Anchors.anchor(store, LINE, 1, 3);

        String html = page("LOT-A");

        assertTrue(html.contains("data-anchoring-state=\"ALARM\""), html);
        assertTrue(html.contains("<p class=\"anchoring-state alarm\" data-line=\"line-1\" data-state=\"ALARM\">"
                + "<strong>Anchoring alarm</strong> on line line-1: another writer advanced the line &lt;to 40&gt;"),
                html);
        assertFalse(html.contains("follow within the next anchoring window"), html);
        JsonNode line = api("LOT-A").get("anchoring").get("lines").get(0);
        assertEquals("ALARM", line.get("state").asText());
        assertEquals(StatusServices.SINCE.plusSeconds(30).toString(), line.get("nextAttempt").asText());
    }

    @Test
    void retryingAnchoringIsShownAsSuchAndOkSaysTheRestFollow() {
        feeds.add(new AnchoringFeed(StatusServices.anchoring(StatusServices.reachableNode(),
                StatusServices.line(LINE, LineStatus.State.RETRYING, "node lagging"))));
        Batches.complete3(store, "LOT-T", 500.0);

        String retrying = page("LOT-T");
        assertTrue(retrying.contains("data-anchoring-state=\"RETRYING\""), retrying);
        assertTrue(retrying.contains("<strong>Anchoring is retrying</strong> on line line-1: node lagging"), retrying);

        feeds.clear();
        feeds.add(new AnchoringFeed(StatusServices.anchoring(StatusServices.reachableNode(),
                StatusServices.line(LINE, LineStatus.State.OK, null))));
        String ok = page("LOT-T");
        assertTrue(ok.contains("data-anchoring-state=\"OK\""), ok);
        assertTrue(ok.contains("; the rest follow within the next anchoring window."), ok);
    }

    @Test
    void unreachableNodeIsNotShownAsFine() {
        feeds.add(new AnchoringFeed(StatusServices.anchoring(
                new NodeStatus(false, 0, Anchors.CHAIN_ID, 0, "connection refused", StatusServices.SINCE),
                StatusServices.line(LINE, LineStatus.State.OK, null))));
        Batches.complete3(store, "LOT-D", 500.0);

        String html = page("LOT-D");

        assertTrue(html.contains("data-anchoring-state=\"RETRYING\""), html);
        assertTrue(html.contains("the chain node is not reachable: connection refused"), html);
    }

    @Test
    void aFencedLineIsAnAlarmEvenWhenTheAnchoringServiceSaysOk() {
        feeds.add(new AnchoringFeed(StatusServices.anchoring(StatusServices.reachableNode(),
                StatusServices.line(LINE, LineStatus.State.OK, null))));
        Batches.complete3(store, "LOT-F", 500.0);
        store.fenceLine(LINE, 100, "the chain covers 1..99");

        String html = page("LOT-F");

        assertTrue(html.contains("data-anchoring-state=\"ALARM\""), html);
        assertTrue(html.contains("line fenced: the chain expects sequence 100 next but the store holds up to 5"), html);
    }
}
