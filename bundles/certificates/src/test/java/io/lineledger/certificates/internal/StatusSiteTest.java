package io.lineledger.certificates.internal;

import static io.lineledger.certificates.Batches.LINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.StatusServices;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.DeadLetterStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.routes.SpoolStatus;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run-time status page and its JSON, with in-test stand-ins of the anchoring, rules and OPC UA services. */
class StatusSiteTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2025-03-04T08:01:00Z");

    private final RecordStore store = H2RecordStores.newStore();
    private final List<StatusFeed> feeds = new ArrayList<>();
    private final CertificateSite site = new CertificateSite(store, "Plant Nord", 50, () -> List.copyOf(feeds));

    private WebResponse get(String path) {
        return site.handle("", path);
    }

    private void allPartsInstalled(LineStatus.State anchoringState, String anchoringReason) {
        feeds.add(new AnchoringFeed(StatusServices.anchoring(StatusServices.reachableNode(),
                StatusServices.line(LINE, anchoringState, anchoringReason))));
        RulesStatus rules = new RulesStatus(LINE, true, null, "LOT-7",
                new DeadLetterStatus(3, Map.of(DeadLetterCause.BAD_STATUS, 2L, DeadLetterCause.NO_BATCH_RUNNING, 1L),
                        List.of(new DeadLetter(AT, DeadLetterCause.NO_BATCH_RUNNING, "fillWeight 500.2 while idle",
                                        "quality-check"),
                                new DeadLetter(AT.plusSeconds(1), DeadLetterCause.BAD_STATUS,
                                        "fillWeight <script>alert(1)</script> Bad_SensorFailure", "quality-check"))),
                new SpoolStatus(4, 2, 2, "database down"));
        feeds.add(new RulesFeed(List.of(StatusServices.rules(rules))));
        feeds.add(new SourceFeed(List.of(StatusServices.source(new SourceStatus(LINE, "opc.tcp://plc-1:4840", true,
                true, 2, AT, AT, 120, 1, 0, null)))));
    }

    @Test
    void statusPageShowsEachPartOfTheLineWithAlarmsFirst() {
        Batches.complete3(store, "LOT-1", 500.0);
        allPartsInstalled(LineStatus.State.ALARM, "the contract expects sequence 9 next: another writer");

        WebResponse response = get("/lineledger/status");

        assertEquals(200, response.status());
        assertEquals(WebResponse.HTML, response.contentType());
        assertTrue(response.headers().get("Content-Security-Policy").startsWith("default-src 'none'"));
        String html = response.body();
        assertTrue(html.contains("<body data-alarms=\"1\" data-warnings=\"1\">"), html);
        int alarms = html.indexOf("<h2>Alarms</h2>");
        assertTrue(alarms > 0 && alarms < html.indexOf("<h2>Chain node</h2>"), html);
        assertTrue(html.contains("<li class=\"alarm\"><strong>ALARM</strong> line line-1: anchoring alarm: the "
                + "contract expects sequence 9 next: another writer</li>"), html);
        assertTrue(html.contains("<li class=\"warning\"><strong>WARNING</strong> line line-1: 2 record draft(s) held,"
                + " waiting for the store: database down</li>"), html);
        assertTrue(html.contains("<section class=\"line\" data-line=\"line-1\" data-anchoring-state=\"ALARM\">"), html);
        assertTrue(html.contains("opc.tcp://plc-1:4840"), html);
        assertTrue(html.contains("<dt>Values received</dt><dd>120</dd>"), html);
        assertTrue(html.contains("<dt>Running batch</dt><dd><span class=\"id\">LOT-7</span></dd>"), html);
        assertTrue(html.contains("<dt>Dead letters</dt><dd>3 (2 Bad status, 1 no batch running)</dd>"), html);
        assertTrue(html.contains("<dl class=\"rules\" data-dead-letters=\"3\" data-spool-pending=\"2\">"), html);
        assertTrue(html.contains("fillWeight &lt;script&gt;alert(1)&lt;/script&gt; Bad_SensorFailure"), html);
        assertFalse(html.contains("<script"), html);
        assertTrue(html.indexOf("Bad_SensorFailure") < html.indexOf("while idle"), "newest dead letter first");
        assertTrue(html.contains("<dt>Last seq at the last pass</dt><dd>12</dd><dt>Last anchored seq</dt><dd>8</dd>"
                + "<dt>Next seq on chain</dt><dd>9</dd><dt>Open anchor jobs</dt><dd>1</dd>"), html);
        assertTrue(html.contains("<dt>Head block</dt><dd>1234</dd>"), html);
    }

    @Test
    void missingServicesShowAsNotInstalled() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);

        String html = get("/lineledger/status").body();

        assertTrue(html.contains("<p class=\"not-installed warning\">Anchoring not installed.</p>"), html);
        assertEquals(3, html.split("<p class=\"not-installed muted\">not installed</p>", -1).length - 1, html);
        assertTrue(html.contains("data-anchoring-state=\"NOT_INSTALLED\""), html);
        assertTrue(html.contains("anchoring not installed: records are not anchored"), html);
        JsonNode json = JSON.readTree(get("/lineledger/api/status").body());
        assertFalse(json.get("installed").get("anchoring").asBoolean());
        assertTrue(json.get("node").isNull());
        assertTrue(json.get("lines").get(0).get("rules").isNull());
        assertTrue(json.get("lines").get(0).get("sources").isNull());
    }

    @Test
    void apiStatusCarriesTheSameFactsAsJson() throws Exception {
        allPartsInstalled(LineStatus.State.RETRYING, "gas estimate raced");

        WebResponse response = get("/lineledger/api/status");

        assertEquals(WebResponse.JSON, response.contentType());
        JsonNode s = JSON.readTree(response.body());
        assertEquals("WARNING", s.get("alarms").get(0).get("level").asText());
        assertEquals("anchoring retrying: gas estimate raced", s.get("alarms").get(0).get("text").asText());
        assertEquals(1234, s.get("node").get("headBlock").asLong());
        JsonNode line = s.get("lines").get(0);
        assertEquals(LINE, line.get("lineId").asText());
        assertEquals("RETRYING", line.get("anchoring").get("state").asText());
        assertEquals(9, line.get("anchoring").get("chainNextSeq").asLong());
        assertEquals(2, line.get("rules").get("deadLetters").get("byCause").get("BAD_STATUS").asLong());
        assertEquals("fillWeight <script>alert(1)</script> Bad_SensorFailure",
                line.get("rules").get("deadLetters").get("recent").get(1).get("reason").asText());
        assertEquals(2, line.get("rules").get("spool").get("pending").asLong());
        assertTrue(line.get("sources").get(0).get("connected").asBoolean());
        assertTrue(line.get("fence").isNull());
    }

    /** Under load the anchoring service's passes come minutes apart: the status reads the store itself (issue 8). */
    @Test
    void theStatusShowsTheStoresOwnLastSeqAndTheLastPassesUnderItsOwnName() throws Exception {
        allPartsInstalled(LineStatus.State.OK, null); // its last pass read seq 12
        for (int i = 0; i < 20; i++) {
            store.append(new io.lineledger.model.RecordDraft(LINE, "note", null, Map.of("n", i)));
        }

        JsonNode line = JSON.readTree(get("/lineledger/api/status").body()).get("lines").get(0);
        assertEquals(LINE, line.get("lineId").asText());
        assertEquals(20, line.get("storeLastSeq").asLong(), "the store's own figure, read for this answer");
        assertEquals(12, line.get("anchoring").get("storeLastSeqAtLastPass").asLong());
        assertFalse(line.get("anchoring").has("storeLastSeq"), "no figure of the last pass under the store's name");

        store.append(new io.lineledger.model.RecordDraft(LINE, "note", null, Map.of("n", 20)));
        String html = get("/lineledger/status").body();
        assertTrue(html.contains("<p class=\"store\" data-store-last-seq=\"21\">Last seq in the store: 21</p>"),
                html);
        assertTrue(html.contains("<dt>Last seq at the last pass</dt><dd>12</dd>"), html);
    }

    @Test
    void aLineWithoutRecordsShowsZeroInTheStore() throws Exception {
        allPartsInstalled(LineStatus.State.OK, null);

        JsonNode line = JSON.readTree(get("/lineledger/api/status").body()).get("lines").get(0);

        assertEquals(0, line.get("storeLastSeq").asLong());
        assertEquals(12, line.get("anchoring").get("storeLastSeqAtLastPass").asLong());
    }

    @Test
    void fencesRulesThatDidNotStartAndALostPlcAreAlarms() throws Exception {
        Batches.complete3(store, "LOT-1", 500.0);
        store.fenceLine(LINE, 40, "restored from an old backup");
        feeds.add(new RulesFeed(List.of(StatusServices.rules(RulesStatus.notStarted("line-2", "store not ready")))));
        feeds.add(new SourceFeed(List.of(StatusServices.source(new SourceStatus("line-2", "opc.tcp://plc-2:4840",
                false, false, 1, null, null, 0, 0, 0, "Bad_Timeout")))));
        feeds.add(new AnchoringFeed(StatusServices.anchoring(
                new NodeStatus(false, 0, 31337, 0, "connection refused", AT))));

        String html = get("/lineledger/status").body();

        assertTrue(html.contains("<body data-alarms=\"4\""), html);
        assertTrue(html.contains("line line-1: line fenced since"), html);
        assertTrue(html.contains("chain node not reachable: connection refused"), html);
        assertTrue(html.contains("line line-2: rules not started: store not ready"), html);
        assertTrue(html.contains("line line-2: not connected to the PLC at opc.tcp://plc-2:4840: Bad_Timeout"), html);
        assertTrue(html.contains("<p class=\"alarm fence\"><strong>Fenced</strong>"), html);
        JsonNode s = JSON.readTree(get("/lineledger/api/status").body());
        assertEquals(40, s.get("lines").get(0).get("fence").get("chainNextSeq").asLong());
    }

    @Test
    void aFeedThatFailsIsReportedWithoutHidingTheOthers() {
        feeds.add(status -> {
            throw new IllegalStateException("monitor <broken>");
        });
        allPartsInstalled(LineStatus.State.OK, null);

        String html = get("/lineledger/status").body();

        assertTrue(html.contains("status unavailable:"), html);
        assertTrue(html.contains("monitor &lt;broken&gt;"), html);
        assertTrue(html.contains("opc.tcp://plc-1:4840"), html);
    }

    @Test
    void batchListLinksToTheStatusPage() {
        assertTrue(get("/lineledger/batches").body().contains("<a href=\"/lineledger/status\">Status</a>"));
        assertTrue(site.handle("/plant", "/lineledger/batches").body().contains("href=\"/plant/lineledger/status\""));
    }
}
