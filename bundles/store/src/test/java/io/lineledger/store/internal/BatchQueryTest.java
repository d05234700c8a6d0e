package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.RecordStore;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batch list's query: filters, counts and pages from the batch index, on each database. */
class BatchQueryTest {

    private static final Instant T0 = Instant.parse("2026-03-02T06:00:00Z");

    /** A clock the test sets: records get the time it shows. */
    private static final class TestClock extends Clock {
        Instant now = T0;

        @Override public ZoneId getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }

        void advance(Duration step) {
            now = now.plus(step);
        }
    }

    private final TestClock clock = new TestClock();
    private TestDatabase.Opened database;
    private DataSource dataSource;
    private JdbcRecordStore store;

    private void open(TestDatabase kind) throws SQLException {
        database = kind.open();
        dataSource = database.dataSource();
        store = new JdbcRecordStore(dataSource, clock);
    }

    @AfterEach
    void close() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    /** A batch of one line: started, {@code parts} quality records, completed with {@code verdict} (null: runs). */
    private void batch(String line, String batchId, String product, int parts, String verdict) {
        List<RecordDraft> drafts = new ArrayList<>();
        drafts.add(new RecordDraft(line, "batch-started", batchId, Map.of("product", product)));
        for (int i = 0; i < parts; i++) {
            drafts.add(new RecordDraft(line, "quality", batchId, Map.of("value", 500.0 + i, "verdict", "PASS")));
        }
        store.appendAll(drafts);
        clock.advance(Duration.ofMinutes(10));
        if (verdict != null) {
            store.append(new RecordDraft(line, "batch-completed", batchId, Map.of("verdict", verdict,
                    "parts", parts)));
        }
        clock.advance(Duration.ofMinutes(1));
    }

    private static List<String> ids(BatchPage page) {
        return page.batches().stream().map(BatchSummary::batchId).toList();
    }

    /** LOT-1..LOT-4 on line-1 (water PASS, water FAIL, juice PASS, water running), LOT-5 on line-2 (juice PASS). */
    private void fiveBatches() {
        batch("line-1", "LOT-1", "Water 0.5 l", 3, "PASS");
        batch("line-1", "LOT-2", "Water 0.5 l", 2, "FAIL");
        batch("line-2", "LOT-5", "Juice 1 l", 1, "PASS");
        batch("line-1", "LOT-3", "Juice 1 l", 2, "PASS");
        batch("line-1", "LOT-4", "Water 0.5 l", 1, null);
    }

    @OnEachDatabase
    void aBatchRowSaysWhatItsRecordsSay(TestDatabase kind) throws SQLException {
        open(kind);
        fiveBatches();

        BatchPage all = store.batches(BatchQuery.newest(10));
        assertEquals(5, all.total());
        assertEquals(List.of("LOT-4", "LOT-3", "LOT-5", "LOT-2", "LOT-1"), ids(all), "latest started first");
        BatchSummary lot2 = all.batches().get(3);
        Instant started = T0.plus(Duration.ofMinutes(11));
        assertEquals(new BatchSummary("LOT-2", "line-1", started, started.plus(Duration.ofMinutes(10)), 4, 0,
                "Water 0.5 l", started, started.plus(Duration.ofMinutes(10)), "FAIL"), lot2);
        BatchSummary running = all.batches().get(0);
        assertEquals(BatchSummary.RUNNING, running.verdict());
        assertFalse(running.completed());
        assertEquals(store.recentBatches(10), all.batches(), "the recent batches are the unfiltered list");
    }

    @OnEachDatabase
    void filtersCombineAndCountEveryMatchingBatch(TestDatabase kind) throws SQLException {
        open(kind);
        fiveBatches();
        BatchQuery q = BatchQuery.newest(10);

        assertEquals(List.of("LOT-5"), ids(store.batches(q.withLine("line-2"))));
        assertEquals(List.of("LOT-4", "LOT-2", "LOT-1"), ids(store.batches(q.withProduct("Water 0.5 l"))));
        assertEquals(List.of("LOT-3", "LOT-5", "LOT-1"), ids(store.batches(q.withVerdict("PASS"))));
        assertEquals(List.of("LOT-3", "LOT-1"), ids(store.batches(q.withVerdict("PASS").withLine("line-1"))));
        assertEquals(List.of("LOT-3"), ids(store.batches(q.withVerdict("PASS").withProduct("Juice 1 l")
                .withLine("line-1"))));
        assertEquals(List.of("LOT-4"), ids(store.batches(q.withVerdict(BatchSummary.RUNNING))));
        assertEquals(List.of(), ids(store.batches(q.withProduct("Honey"))));
        assertEquals(0, store.batches(q.withProduct("Honey")).total());

        // started in [LOT-5's start, LOT-3's start): LOT-5 only; LOT-2 started before, LOT-3 at the end bound
        Instant lot5 = T0.plus(Duration.ofMinutes(22));
        Instant lot3 = T0.plus(Duration.ofMinutes(33));
        assertEquals(List.of("LOT-5"), ids(store.batches(q.withStartedBetween(lot5, lot3))));
        assertEquals(List.of("LOT-4", "LOT-3", "LOT-5"), ids(store.batches(q.withStartedBetween(lot5, null))));
        assertEquals(List.of("LOT-2", "LOT-1"), ids(store.batches(q.withStartedBetween(null, lot5))));
        assertEquals(List.of("LOT-3"), ids(store.batches(q.withStartedBetween(lot3, null).withProduct("Juice 1 l"))));
    }

    @OnEachDatabase
    void theAnchorStateFilterFollowsTheJobs(TestDatabase kind) throws SQLException {
        open(kind);
        fiveBatches();
        BatchQuery anchored = BatchQuery.newest(10).withAnchorState(BatchQuery.AnchorState.ANCHORED);
        BatchQuery pending = BatchQuery.newest(10).withAnchorState(BatchQuery.AnchorState.PENDING);
        assertEquals(List.of(), ids(store.batches(anchored)));
        assertEquals(5, store.batches(pending).total());

        // line-1: LOT-1 is seq 1..5, LOT-2 6..9; a job over 1..7 anchored covers LOT-1 and part of LOT-2
        AnchorJob job = store.createAnchorJob("line-1", 1, 7, Bytes32.ZERO);
        assertEquals(List.of(), ids(store.batches(anchored)), "a job not anchored yet anchors nothing");
        store.markAnchored(job.id(), new Anchor(1, "0x" + "cd".repeat(20), "0x01", 3, 0, "line-1", 1, 7,
                Bytes32.ZERO));
        assertEquals(List.of("LOT-1"), ids(store.batches(anchored)));
        BatchSummary lot2 = store.batches(BatchQuery.newest(10).withProduct("Water 0.5 l").withVerdict("FAIL"))
                .batches().get(0);
        assertEquals(2, lot2.anchored());
        assertEquals(BatchQuery.AnchorState.PENDING, lot2.anchorState());
        assertEquals(List.of("LOT-4", "LOT-3", "LOT-5", "LOT-2"), ids(store.batches(pending)));
        assertEquals(List.of("LOT-2"), ids(store.batches(pending.withVerdict("FAIL"))));
    }

    @OnEachDatabase
    void pagesFollowEachOtherWithoutOverlapEvenWhenBatchesStartTogether(TestDatabase kind) throws SQLException {
        open(kind);
        // one group commit starts 7 batches in the same millisecond
        List<RecordDraft> drafts = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            drafts.add(new RecordDraft("line-1", "batch-started", "B" + i, Map.of("product", "P")));
        }
        store.appendAll(drafts);
        clock.advance(Duration.ofSeconds(1));
        batch("line-2", "C1", "P", 0, "PASS");

        List<String> seen = new ArrayList<>();
        BatchQuery query = BatchQuery.newest(3);
        BatchPage page;
        do {
            page = store.batches(query);
            assertEquals(8, page.total());
            seen.addAll(ids(page));
            query = query.withPage(query.offset() + 3, 3);
        } while (page.more());
        assertEquals(List.of("C1", "B7", "B6", "B5", "B4", "B3", "B2", "B1"), seen);
        assertEquals(List.of(), ids(store.batches(BatchQuery.newest(3).withPage(9, 3))), "beyond the last page");
        assertFalse(store.batches(BatchQuery.newest(3).withPage(9, 3)).more());
    }

    @OnEachDatabase
    void aGapWhileABatchRanMakesItsPassIncomplete(TestDatabase kind) throws SQLException {
        open(kind);
        // LOT-1 completes before the gap; LOT-2 runs through it; LOT-3 starts after the line is observed again
        batch("line-1", "LOT-1", "Water", 1, "PASS");
        Instant gapFrom = clock.instant();
        store.append(new RecordDraft("line-1", "batch-started", "LOT-2", Map.of("product", "Water")));
        clock.advance(Duration.ofMinutes(5));
        store.append(new ObservationGap("line-1", gapFrom.plusSeconds(30), clock.instant(), "opcua-session-lost", "")
                .toDraft());
        assertEquals(BatchSummary.RUNNING, verdictOf("LOT-2"));
        clock.advance(Duration.ofMinutes(1));
        store.append(new RecordDraft("line-1", "batch-completed", "LOT-2", Map.of("verdict", "PASS")));
        clock.advance(Duration.ofMinutes(1));
        batch("line-1", "LOT-3", "Water", 1, "PASS");
        batch("line-2", "LOT-9", "Water", 1, "PASS");

        assertEquals("PASS", verdictOf("LOT-1"));
        assertEquals("INCOMPLETE", verdictOf("LOT-2"), "a recorded PASS cannot vouch for a blind interval");
        assertEquals("PASS", verdictOf("LOT-3"));
        assertEquals("PASS", verdictOf("LOT-9"), "another line's gap");
        assertEquals(List.of("LOT-2"), ids(store.batches(BatchQuery.newest(10).withVerdict("INCOMPLETE"))));
        assertEquals(List.of("LOT-9", "LOT-3", "LOT-1"), ids(store.batches(BatchQuery.newest(10).withVerdict("PASS"))));
        assertEquals(List.of("LOT-2"), ids(store.batches(BatchQuery.newest(10).withVerdict("INCOMPLETE"))));
    }

    @OnEachDatabase
    void aGapRecordedAfterTheCompletionStillTouchesTheBatchItOverlaps(TestDatabase kind) throws SQLException {
        open(kind);
        Instant start = clock.instant();
        batch("line-1", "LOT-1", "Water", 1, "PASS");
        batch("line-1", "LOT-2", "Water", 1, "PASS");
        // the line is observed again only now: it was blind from LOT-1's run to before LOT-2 started
        store.append(new ObservationGap("line-1", start.plusSeconds(60), start.plusSeconds(120),
                "lineledger-down", "").toDraft());
        assertEquals("INCOMPLETE", verdictOf("LOT-1"));
        assertEquals("PASS", verdictOf("LOT-2"));
        // an unreadable gap record (a writer's bug, or tampering) touches every batch that ran before it
        store.append(new RecordDraft("line-1", "gap", null, Map.of("from", "yesterday")));
        assertEquals("INCOMPLETE", verdictOf("LOT-2"));
    }

    private String verdictOf(String batchId) {
        return store.recentBatches(100).stream().filter(b -> b.batchId().equals(batchId)).findFirst().orElseThrow()
                .verdict();
    }

    @OnEachDatabase
    void recordsRestoredBehindTheStoresBackAreListedOnceTheStoreTouchesTheLine(TestDatabase kind)
            throws SQLException {
        open(kind);
        batch("line-1", "LOT-1", "Water", 1, "PASS");
        // an operator restores records 4..6 of the line from a backup, with SQL
        LineRecord last = store.range("line-1", 1, 3).get(2);
        List<RecordDraft> restored = List.of(
                new RecordDraft("line-1", "batch-started", "LOT-2", Map.of("product", "Juice")),
                new RecordDraft("line-1", "quality", "LOT-2", Map.of("value", 1.0)),
                new RecordDraft("line-1", "batch-completed", "LOT-2", Map.of("verdict", "FAIL")));
        insertBehindTheStoresBack(last, restored);
        assertEquals(1, store.batches(BatchQuery.newest(10)).total(), "not seen yet");

        assertEquals(2, new JdbcRecordStore(dataSource, clock).batches(BatchQuery.newest(10)).total(),
                "a store opening indexes them");
        insertBehindTheStoresBack(store.range("line-1", 6, 6).get(0),
                List.of(new RecordDraft("line-1", "batch-started", "LOT-3", Map.of("product", "Tea"))));
        store.append(new RecordDraft("line-1", "batch-completed", "LOT-3", Map.of("verdict", "PASS")));
        BatchPage page = store.batches(BatchQuery.newest(10));
        assertEquals(List.of("LOT-3", "LOT-2", "LOT-1"), ids(page), "an append indexes what it finds first");
        assertEquals("Juice", page.batches().get(1).product());
        assertEquals("FAIL", page.batches().get(1).verdict());
        assertEquals("Tea", page.batches().get(0).product());
        assertEquals(2, page.batches().get(0).records());
    }

    private void insertBehindTheStoresBack(LineRecord after, List<RecordDraft> drafts) throws SQLException {
        Bytes32 prev = after.digest();
        long seq = after.seq();
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO records (line_id, seq, record_type, batch_id, recorded_at, prev_digest, digest, salt,"
                        + " canonical_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RecordDraft draft : drafts) {
                LineRecord record = LineRecord.seal(draft, ++seq, prev, clock.instant(), RecordDigest.newSalt());
                insert.setString(1, record.lineId());
                insert.setLong(2, record.seq());
                insert.setString(3, record.type());
                insert.setString(4, record.batchId());
                insert.setObject(5, OffsetDateTime.ofInstant(record.recordedAt(), ZoneOffset.UTC));
                insert.setString(6, record.prevDigest().hex());
                insert.setString(7, record.digest().hex());
                insert.setString(8, record.salt().hex());
                insert.setString(9, record.canonicalJson());
                insert.executeUpdate();
                prev = record.digest();
            }
        }
    }

    private void anchor(String line, long first, long last) {
        AnchorJob job = store.createAnchorJob(line, first, last, Bytes32.ZERO);
        store.markAnchored(job.id(), new Anchor(1, "0x" + "cd".repeat(20), "0x01", job.id(), 0, line, first, last,
                Bytes32.ZERO));
    }

    @OnEachDatabase
    void theIndexAnswersAsTheInterfacesDefaultDoesFromTheRecentBatches(TestDatabase kind) throws SQLException {
        open(kind);
        fiveBatches();
        // waiting batches among anchored ones: LOT-1 (its job sent, not confirmed), LOT-3 and LOT-4 (no job yet)
        anchor("line-2", 1, 3);
        store.markSent(store.createAnchorJob("line-1", 1, 5, Bytes32.ZERO).id(), "0x05");
        anchor("line-1", 6, 9);
        // the same store, answering batches() with the interface's default
        InvocationHandler delegate = (proxy, method, args) -> method.getName().equals("batches")
                ? InvocationHandler.invokeDefault(proxy, method, args) : method.invoke(store, args);
        RecordStore plain = (RecordStore) Proxy.newProxyInstance(RecordStore.class.getClassLoader(),
                new Class<?>[] {RecordStore.class}, delegate);

        Instant lot5 = T0.plus(Duration.ofMinutes(22));
        List<BatchQuery> queries = new ArrayList<>();
        BatchQuery all = BatchQuery.newest(2);
        for (BatchQuery q : List.of(all, all.withLine("line-1"), all.withProduct("Water 0.5 l"), all.withVerdict("PASS"),
                all.withAnchorState(BatchQuery.AnchorState.ANCHORED), all.withAnchorState(BatchQuery.AnchorState.PENDING),
                all.withStartedBetween(lot5, null), all.withStartedBetween(null, lot5).withVerdict("FAIL"))) {
            for (int offset = 0; offset <= 4; offset += 2) {
                queries.add(q.withPage(offset, 2));
            }
        }
        Set<Long> totals = new HashSet<>();
        for (BatchQuery q : queries) {
            BatchPage expected = plain.batches(q);
            assertEquals(expected, store.batches(q), q.toString());
            try (Connection c = dataSource.getConnection()) {
                assertEquals(expected, BatchListing.page(c, q, true, 0), "anchor state in SQL: " + q);
            }
            totals.add(expected.total());
        }
        assertEquals(List.of("LOT-5", "LOT-2"), ids(store.batches(all.withAnchorState(BatchQuery.AnchorState.ANCHORED)
                .withPage(0, 10))));
        assertTrue(totals.size() > 3, "the queries tell batches apart: " + totals);
    }

    @Test
    void aQueryRefusesANegativePageOrAnEmptyTimeRange() {
        assertThrows(IllegalArgumentException.class, () -> BatchQuery.newest(-1));
        assertThrows(IllegalArgumentException.class, () -> BatchQuery.newest(1).withPage(-1, 1));
        assertThrows(IllegalArgumentException.class, () -> BatchQuery.newest(1).withStartedBetween(T0, T0));
        assertEquals(null, BatchQuery.newest(1).withProduct(" ").product(), "a blank filter is no filter");
    }
}
