package io.lineledger.certificates.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lineledger.certificates.Anchors;
import io.lineledger.certificates.Batches;
import io.lineledger.certificates.StatusServices;
import io.lineledger.ledger.LineStatus;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The batch list over HTTP (the site without a container): columns, filters, pages, and bad parameters. */
class BatchListTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // one second per record: "newest first" never depends on two records sharing a millisecond
    private final RecordStore store = H2RecordStores.newStore(new Clock() {
        private Instant now = Instant.parse("2025-03-04T08:00:00Z");

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public synchronized Instant instant() {
            now = now.plusSeconds(1);
            return now;
        }
    });
    private final CertificateSite site = new CertificateSite(store, "Plant Nord", 50, java.util.List::of, null, ChainChecks.of(store));

    private WebResponse get(String path, String query) {
        return site.handle("", path, query, "");
    }

    private List<String> ids(String query) throws Exception {
        WebResponse response = get("/lineledger/api/batches", query);
        assertEquals(200, response.status(), response.body());
        List<String> ids = new ArrayList<>();
        JSON.readTree(response.body()).forEach(n -> ids.add(n.get("batchId").asText()));
        return ids;
    }

    /** LOT-1 PASS, LOT-2 FAIL (both olive oil, line-1), LOT-3 vinegar on line-2 PASS, LOT-4 running. */
    private void fourBatches() {
        Batches.complete3(store, "LOT-1", 500.0);
        Batches.complete3(store, "LOT-2", 510.4);
        store.append(new RecordDraft("line-2", "batch-started", "LOT-3", Map.of("product", "Vinegar 1 l")));
        store.append(new RecordDraft("line-2", "batch-completed", "LOT-3", Map.of("product", "Vinegar 1 l",
                "parts", 0, "passed", 0, "failed", 0, "verdict", "PASS")));
        Batches.start(store, "LOT-4", "Olive oil 500 ml");
    }

    @Test
    void listShowsProductVerdictSealLineAndDatesNewestFirst() throws Exception {
        fourBatches();

        JsonNode list = JSON.readTree(get("/lineledger/api/batches", null).body());

        assertEquals(4, list.size());
        assertEquals("LOT-4", list.get(0).get("batchId").asText());
        assertEquals("RUNNING", list.get(0).get("verdict").asText());
        assertTrue(list.get(0).get("completedAt").isNull());
        JsonNode lot2 = list.get(2);
        assertEquals("LOT-2", lot2.get("batchId").asText());
        assertEquals("Olive oil 500 ml", lot2.get("product").asText());
        assertEquals("FAIL", lot2.get("verdict").asText());
        assertEquals("unknown", lot2.get("seal").asText(), "no anchoring service: never 'pending' as if all is well");
        assertEquals("line-1", lot2.get("lineId").asText());
        assertFalse(lot2.get("startedAt").isNull());
        assertFalse(lot2.get("completedAt").isNull());
        assertEquals("/lineledger/batches/LOT-2", lot2.get("certificate").asText());

        String html = get("/lineledger/batches", null).body();
        assertTrue(html.contains("<tr data-verdict=\"FAIL\"><td><a class=\"id\" href=\"/lineledger/batches/LOT-2\">"
                + "LOT-2</a></td><td>Olive oil 500 ml</td><td class=\"verdict-fail\">FAIL</td><td>unknown</td>"
                + "<td>line-1</td>"), html);
    }

    @Test
    void filtersByLineProductAndVerdict() throws Exception {
        fourBatches();

        assertEquals(List.of("LOT-3"), ids("line=line-2"));
        assertEquals(List.of("LOT-4", "LOT-2", "LOT-1"), ids("product=Olive+oil+500%20ml"));
        assertEquals(List.of("LOT-3", "LOT-1"), ids("verdict=pass"));
        assertEquals(List.of("LOT-1"), ids("verdict=PASS&line=line-1"));
        assertEquals(List.of("LOT-4"), ids("verdict=RUNNING"));
        assertEquals(List.of(), ids("product=Honey"));
        assertTrue(get("/lineledger/batches", "product=Honey").body().contains("No batch matches."));
    }

    @Test
    void filtersByAnchorStateAndStartDate() throws Exception {
        fourBatches();
        Anchors.anchor(store, "line-1", 1, 10); // LOT-1 and LOT-2

        assertEquals(List.of("LOT-2", "LOT-1"), ids("anchor=anchored"));
        assertEquals(List.of("LOT-4", "LOT-3"), ids("anchor=PENDING"));
        assertEquals(List.of("LOT-1"), ids("anchor=anchored&verdict=pass"));
        assertEquals(List.of("LOT-4", "LOT-3", "LOT-2", "LOT-1"), ids("from=2025-03-04&to=2025-03-04"),
                "both days inclusive, in UTC");
        assertEquals(List.of(), ids("from=2025-03-05"));
        assertEquals(List.of(), ids("to=2025-03-03"));
        String html = get("/lineledger/batches", "anchor=anchored&from=2025-03-04").body();
        assertTrue(html.contains("<option selected>anchored</option>"), html);
        assertTrue(html.contains("<input type=\"date\" name=\"from\" value=\"2025-03-04\">"), html);
        assertTrue(html.contains("<p class=\"count\">2 batches match.</p>"), html);
        assertTrue(html.contains("<td class=\"num\">5 of 5</td>"), "LOT-1's records, all anchored: " + html);
    }

    @Test
    void pagesFollowEachOtherWithANextLinkUntilTheLast() throws Exception {
        fourBatches();

        assertEquals(List.of("LOT-4", "LOT-3"), ids("size=2"));
        assertEquals(List.of("LOT-2", "LOT-1"), ids("size=2&page=2"));
        assertEquals(List.of(), ids("size=2&page=3"));
        WebResponse first = get("/lineledger/api/batches", "size=2");
        assertEquals("</lineledger/api/batches?size=2&page=2>; rel=\"next\"", first.headers().get("Link"));
        assertNull(get("/lineledger/api/batches", "size=2&page=2").headers().get("Link"));

        String html = get("/lineledger/batches", "size=2&verdict=PASS").body();
        assertTrue(html.contains("data-more=\"false\""), html);
        assertTrue(html.contains("data-total=\"2\""), html);
        assertTrue(html.contains("Page 1 of 1"), html);
        String second = get("/lineledger/batches", "size=3&page=2").body();
        assertTrue(second.contains("<p class=\"count\">4 batches.</p>") && second.contains("Page 2 of 2"), second);
        String firstPage = get("/lineledger/batches", "size=1&line=line-1").body();
        assertTrue(firstPage.contains("<a rel=\"next\" href=\"/lineledger/batches?line=line-1&amp;size=1&amp;page=2\">"),
                firstPage);
    }

    @Test
    void malformedParametersAre400NamingParameterAndValue() throws Exception {
        fourBatches();

        assertBad("page=0", "page", "parameter 'page' must be a whole number 1..100000, got '0'");
        assertBad("page=two", "page", "parameter 'page' must be a whole number 1..100000, got 'two'");
        assertBad("size=5000", "size", "parameter 'size' must be a whole number 1..1000, got '5000'");
        assertBad("verdict=GOOD", "verdict", "parameter 'verdict' must be one of PASS, FAIL, INCOMPLETE, RUNNING, "
                + "got 'GOOD'");
        assertBad("product=%zz", "product", "parameter 'product' has a malformed percent escape: '%zz'");
        assertBad("lines=line-1", "lines", "unknown parameter 'lines' (value 'line-1'); this page takes anchor, from, "
                + "line, page, product, size, to, verdict");
        assertBad("anchor=maybe", "anchor", "parameter 'anchor' must be one of anchored, pending, got 'maybe'");
        assertBad("from=2025-13-01", "from", "parameter 'from' must be a date YYYY-MM-DD, got '2025-13-01'");
        assertBad("to=yesterday", "to", "parameter 'to' must be a date YYYY-MM-DD, got 'yesterday'");
        assertBad("from=2025-03-05&to=2025-03-04", "to",
                "parameter 'to' (2025-03-04) must not be before 'from' (2025-03-05)");
        assertBad("page=1&page=2", "page", "parameter 'page' is given more than once");
    }

    private void assertBad(String query, String parameter, String message) throws Exception {
        WebResponse api = get("/lineledger/api/batches", query);
        assertEquals(400, api.status(), query);
        JsonNode error = JSON.readTree(api.body());
        assertEquals(message, error.get("error").asText());
        assertEquals(parameter, error.get("parameter").asText());

        WebResponse page = get("/lineledger/batches", query);
        assertEquals(400, page.status(), query);
        assertEquals(WebResponse.HTML, page.contentType());
        assertTrue(page.body().contains(Html.escape(message)), page.body());
        assertTrue(page.body().contains("data-parameter=\"" + parameter + "\""), page.body());
    }

    /** The list reloads its own address (no URL in the refresh): the same filters and page come back. */
    private static final String RELOAD = "<meta http-equiv=\"refresh\" content=\""
            + BatchListPage.REFRESH_SECONDS + "\">";

    @Test
    void aListShowingARunningBatchReloadsItselfWithItsFiltersAndPage() {
        Batches.start(store, "LOT-0", "Olive oil 500 ml"); // still running, the oldest
        Batches.complete3(store, "LOT-1", 500.0);

        String second = get("/lineledger/batches", "line=line-1&size=1&page=2").body();

        assertTrue(second.contains(RELOAD), second);
        assertTrue(second.contains("<body data-rows=\"1\" data-page=\"2\" data-more=\"false\" data-total=\"2\""
                + " data-live=\"true\">"), second);
        assertTrue(second.contains("This list updates itself every 10 s: a batch on it is running."), second);
        assertTrue(second.contains("<option selected>line-1</option>"), "the filters stay as they were: " + second);
    }

    @Test
    void aPageOfFinishedBatchesWhoseSealCannotChangeByItselfStaysStill() {
        fourBatches();

        // LOT-2 and LOT-1 completed; no anchoring service, so their seal is 'unknown', not 'pending'
        String older = get("/lineledger/batches", "size=2&page=2").body();

        assertFalse(older.contains("http-equiv=\"refresh\""), older);
        assertTrue(older.contains("data-live=\"false\""), older);
        assertFalse(older.contains("updates itself"), older);
    }

    @Test
    void theFirstPageIsLiveWhileItsDatesAreOpenTowardsTodaySoNewBatchesAppear() {
        fourBatches(); // all started on 2025-03-04

        String open = get("/lineledger/batches", "verdict=PASS").body();
        assertTrue(open.contains(RELOAD), open);
        assertTrue(open.contains("new batches appear at the top"), open);
        String unfiltered = new CertificateSite(H2RecordStores.newStore(), "Plant Nord", 50)
                .handle("", "/lineledger/batches", null, "").body();
        assertTrue(unfiltered.contains("No batches recorded yet.") && unfiltered.contains(RELOAD), unfiltered);

        BatchList.Query closed = BatchList.Query.of(QueryParameters.parse("verdict=PASS&to=2025-03-04",
                BatchList.PARAMETERS), 50);
        BatchList.Page page = new BatchList(store, new io.lineledger.certificates.CertificateView(store)::of)
                .page(closed);
        BatchListPage renderer = new BatchListPage("Plant Nord", "/lineledger", 50);
        assertTrue(renderer.render(page, store.lineIds(), java.time.LocalDate.parse("2025-03-04"))
                .contains("data-live=\"true\""), "'to' is today: a batch may still start today");
        String past = renderer.render(page, store.lineIds(), java.time.LocalDate.parse("2025-03-05"));
        assertTrue(past.contains("data-live=\"false\""), "'to' is past: no new batch can join: " + past);
        assertFalse(past.contains("http-equiv=\"refresh\""), past);
    }

    @Test
    void aBatchWaitingForItsSealKeepsTheListLiveUntilItIsAnchored() {
        List<StatusFeed> feeds = List.of(new AnchoringFeed(StatusServices.anchoring(StatusServices.reachableNode(),
                StatusServices.line("line-1", LineStatus.State.OK, null))));
        CertificateSite anchoring = new CertificateSite(store, "Plant Nord", 50, () -> feeds);
        Batches.complete3(store, "LOT-1", 500.0);

        // a closed date range in the past: only the seal can still change
        String pending = anchoring.handle("", "/lineledger/batches", "to=2025-03-04", "").body();
        assertTrue(pending.contains("data-live=\"true\""), pending);
        assertTrue(pending.contains("a batch on it waits for its seal"), pending);

        Anchors.anchorAll(store, "line-1");
        String sealed = anchoring.handle("", "/lineledger/batches", "to=2025-03-04", "").body();
        assertTrue(sealed.contains("data-live=\"false\""), sealed);
    }

    @Test
    void theFilterFormIsAPlainGetFormThatThePolicyAllows() {
        fourBatches();

        WebResponse list = get("/lineledger/batches", "line=line-2");

        assertTrue(list.body().contains("<form class=\"filters noprint\" method=\"get\" action=\"/lineledger/batches\">"));
        assertTrue(list.body().contains("<option selected>line-2</option>"), list.body());
        assertTrue(list.headers().get("Content-Security-Policy").contains("form-action 'self'"));
    }
}
