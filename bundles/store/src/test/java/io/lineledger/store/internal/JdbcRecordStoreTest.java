package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.LineFence;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.TamperedRecordException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.time.Instant;
import io.lineledger.model.ObservationGap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;

class JdbcRecordStoreTest {

    private TestDatabase.Opened database;
    private DataSource pool;
    private JdbcRecordStore store;

    private void open(TestDatabase kind) throws SQLException {
        database = kind.open();
        pool = database.dataSource();
        store = new JdbcRecordStore(pool);
    }

    @AfterEach
    void close() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    private static RecordDraft draft(String line, String batch, int n) {
        return new RecordDraft(line, "quality", batch, Map.of("value", 495.5 + n, "verdict", "PASS", "n", n));
    }

    @OnEachDatabase
    void concurrentAppendsGetContiguousGapFreeSequencesPerLine(TestDatabase kind) throws Exception {
        open(kind);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<LineRecord>> tasks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String line = i % 2 == 0 ? "line-1" : "line-2";
            int n = i;
            tasks.add(() -> store.append(draft(line, "LOT-1", n)));
        }
        for (Future<LineRecord> f : pool.invokeAll(tasks)) {
            f.get();
        }
        pool.shutdown();

        for (String line : List.of("line-1", "line-2")) {
            assertEquals(100, store.lastSeq(line));
            List<LineRecord> records = store.range(line, 1, 100);
            assertEquals(100, records.size());
            for (int i = 0; i < records.size(); i++) {
                assertEquals(i + 1, records.get(i).seq());
            }
        }
        assertEquals(List.of("line-1", "line-2"), store.lineIds());
    }

    @OnEachDatabase
    void eachRecordCarriesTheDigestOfItsPredecessor(TestDatabase kind) throws SQLException {
        open(kind);
        LineRecord first = store.append(draft("line-1", "LOT-1", 1));
        LineRecord second = store.append(draft("line-1", "LOT-1", 2));
        LineRecord third = store.append(draft("line-1", "LOT-1", 3));

        assertEquals(Bytes32.ZERO, first.prevDigest());
        assertEquals(first.digest(), second.prevDigest());
        assertEquals(second.digest(), third.prevDigest());
        assertEquals(RecordDigest.of(third.salt(), third.canonicalJson()), third.digest());
    }

    @OnEachDatabase
    void recordsReadBackEqualToWhatAppendReturned(TestDatabase kind) throws SQLException {
        open(kind);
        LineRecord appended = store.append(new RecordDraft("line-1", "batch-started", "LOT-7",
                Map.of("product", "Water 0.5 l", "nested", Map.of("a", List.of(1, 2.5, "x")))));
        LineRecord unbatched = store.append(new RecordDraft("line-1", "note", null, Map.of()));

        assertEquals(appended, store.find("line-1", 1).orElseThrow());
        assertEquals(unbatched, store.find("line-1", 2).orElseThrow());
        assertEquals(List.of(appended), store.batch("LOT-7"));
        assertTrue(store.find("line-1", 3).isEmpty());
        assertEquals(0, store.lastSeq("line-9"));
        assertEquals(0, appended.recordedAt().getNano() % 1_000_000, "recordedAt is truncated to millis");
    }

    @OnEachDatabase
    void tamperingWithTheStoredJsonIsDetectedOnRead(TestDatabase kind) throws SQLException {
        open(kind);
        store.append(draft("line-1", "LOT-1", 1));
        LineRecord victim = store.append(draft("line-1", "LOT-1", 2));
        sql("UPDATE records SET canonical_json = ? WHERE line_id = 'line-1' AND seq = 2",
                victim.canonicalJson().replace("\"PASS\"", "\"FAIL\""));

        TamperedRecordException e = assertThrows(TamperedRecordException.class, () -> store.find("line-1", 2));
        assertTrue(e.getMessage().contains("line-1#2"), e.getMessage());
        assertEquals(2, e.seq());
        assertThrows(TamperedRecordException.class, () -> store.range("line-1", 1, 2));
    }

    @OnEachDatabase
    void aDeletedRecordBreaksTheChainOnRangeReads(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 3; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        sql("DELETE FROM records WHERE line_id = 'line-1' AND seq = 2");

        TamperedRecordException e = assertThrows(TamperedRecordException.class, () -> store.range("line-1", 1, 3));
        assertTrue(e.getMessage().contains("gap after seq 1"), e.getMessage());
    }

    @OnEachDatabase
    void digestsAreTheRangesDigestsAndRefuseAChangedJsonAGapOrABrokenLinkAsRangeDoes(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 4; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }

        assertEquals(store.range("line-1", 2, 4).stream().map(LineRecord::digest).toList(),
                store.digests("line-1", 2, 4));
        assertEquals(List.of(), store.digests("line-1", 5, 9));

        sql("UPDATE records SET canonical_json = REPLACE(canonical_json, 'LOT-1', 'LOT-X') WHERE seq = 4");
        TamperedRecordException json = assertThrows(TamperedRecordException.class, () -> store.digests("line-1", 1, 4));
        assertEquals(4, json.seq());
        assertTrue(json.getMessage().contains("the digest of its stored JSON and salt"), json.getMessage());

        sql("DELETE FROM records WHERE line_id = 'line-1' AND seq = 3");
        TamperedRecordException gap = assertThrows(TamperedRecordException.class, () -> store.digests("line-1", 1, 4));
        assertEquals(4, gap.seq());
        sql("UPDATE records SET prev_digest = '0x" + "00".repeat(32) + "' WHERE line_id = 'line-1' AND seq = 2");
        TamperedRecordException link = assertThrows(TamperedRecordException.class,
                () -> store.digests("line-1", 1, 2));
        assertTrue(link.getMessage().contains("is not the digest"), link.getMessage());
    }

    @OnEachDatabase
    void committedDigestsAreWhatThisStoreCommittedEvenAfterTheRowChangesAndReadBackByAnotherStore(TestDatabase kind)
            throws SQLException {
        open(kind);
        for (int i = 1; i <= 4; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        List<Bytes32> asCommitted = store.range("line-1", 1, 4).stream().map(LineRecord::digest).toList();

        sql("UPDATE records SET canonical_json = REPLACE(canonical_json, 'LOT-1', 'LOT-X') WHERE seq = 2");
        assertEquals(asCommitted, store.committedDigests("line-1", 1, 4), "from memory, as committed");
        assertEquals(asCommitted.subList(1, 3), store.storedDigests("line-1", 2, 3));
        assertThrows(TamperedRecordException.class, () -> store.digests("line-1", 1, 4), "a read still refuses it");
        JdbcRecordStore other = new JdbcRecordStore(pool); // another process, or this one restarted
        TamperedRecordException reread = assertThrows(TamperedRecordException.class,
                () -> other.committedDigests("line-1", 1, 4), "a store that did not commit them reads them back");
        assertEquals(2, reread.seq());

        // the other process appends to the line in between: this store's next commit starts a new run
        other.append(draft("line-1", "LOT-1", 5));
        store.append(draft("line-1", "LOT-1", 6));
        assertEquals(store.range("line-1", 5, 6).stream().map(LineRecord::digest).toList(),
                store.committedDigests("line-1", 5, 6));
        assertThrows(TamperedRecordException.class, () -> store.committedDigests("line-1", 1, 4),
                "no longer held: read back");
    }

    @OnEachDatabase
    void anchorJobsMoveFromPendingToSentToAnchored(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 5; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        assertEquals(5, store.unanchored("line-1", 100).size());
        Bytes32 root = Bytes32.fromHex("0x" + "ab".repeat(32));

        AnchorJob job = store.createAnchorJob("line-1", 1, 3, root);
        assertEquals(AnchorJob.Status.PENDING, job.status());
        assertEquals(List.of(job), store.openJobs());
        assertEquals(List.of(4L, 5L), store.unanchored("line-1", 100).stream().map(LineRecord::seq).toList());
        assertTrue(store.anchorOf("line-1", 2).isEmpty());

        store.markSent(job.id(), "0x01");
        AnchorJob sent = store.openJobs().get(0);
        assertEquals(AnchorJob.Status.SENT, sent.status());
        assertEquals("0x01", sent.txHash());
        assertNull(sent.anchor());

        Anchor anchor = new Anchor(31337, "0x" + "cd".repeat(20), "0x01", 12, 0, "line-1", 1, 3, root);
        store.markAnchored(job.id(), anchor);
        store.markAnchored(job.id(), anchor); // the same receipt twice is harmless
        assertTrue(store.openJobs().isEmpty());
        assertEquals(anchor, store.anchorOf("line-1", 1).orElseThrow());
        assertEquals(anchor, store.anchorOf("line-1", 3).orElseThrow());
        assertTrue(store.anchorOf("line-1", 4).isEmpty());
        assertThrows(IllegalStateException.class, () -> store.markSent(job.id(), "0x02"));

        BatchSummary batch = store.recentBatches(10).get(0);
        assertEquals("LOT-1", batch.batchId());
        assertEquals(5, batch.records());
        assertEquals(3, batch.anchored());
    }

    @OnEachDatabase
    void anAnchorAReorganizationUndidIsTakenBackAndCanBeMarkedAnew(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 4; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        Bytes32 root = Bytes32.fromHex("0x" + "ab".repeat(32));
        AnchorJob job = store.createAnchorJob("line-1", 1, 3, root);
        store.markSent(job.id(), "0x01");
        Anchor undone = new Anchor(31337, "0x" + "cd".repeat(20), "0x01", 12, 0, "line-1", 1, 3, root);
        store.markAnchored(job.id(), undone);
        Anchor other = new Anchor(31337, "0x" + "cd".repeat(20), "0x01", 13, 0, "line-1", 1, 3, root);
        assertThrows(IllegalStateException.class, () -> store.unmarkAnchored(other), "only the anchor it holds");

        AnchorJob reopened = store.unmarkAnchored(undone);
        assertEquals(new AnchorJob(job.id(), "line-1", 1, 3, root, AnchorJob.Status.SENT, "0x01", null), reopened);
        assertEquals(List.of(reopened), store.openJobs());
        assertTrue(store.anchorOf("line-1", 2).isEmpty(), "its records have no anchor while it is open");
        assertEquals(List.of(4L), store.unanchored("line-1", 100).stream().map(LineRecord::seq).toList(),
                "the records stay covered by their job: no second job can take them");
        assertEquals(reopened, store.unmarkAnchored(undone), "taking it back twice is harmless");

        // the same transaction mined again in another block
        Anchor moved = new Anchor(31337, "0x" + "cd".repeat(20), "0x01", 14, 1, "line-1", 1, 3, root);
        store.markAnchored(job.id(), moved);
        assertEquals(moved, store.anchorOf("line-1", 3).orElseThrow());
        assertTrue(store.openJobs().isEmpty());
        assertThrows(IllegalArgumentException.class, () -> store.unmarkAnchored(
                new Anchor(31337, "0x" + "cd".repeat(20), "0x01", 14, 1, "line-1", 4, 4, root)));
    }

    @OnEachDatabase
    void anchoredWithAnotherRangeOrRootIsRejected(TestDatabase kind) throws SQLException {
        open(kind);
        store.append(draft("line-1", "LOT-1", 1));
        Bytes32 root = Bytes32.fromHex("0x" + "ab".repeat(32));
        AnchorJob job = store.createAnchorJob("line-1", 1, 1, root);
        Anchor wrong = new Anchor(1, "0x" + "cd".repeat(20), "0x01", 1, 0, "line-1", 1, 1, Bytes32.ZERO);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.markAnchored(job.id(), wrong));
        assertTrue(e.getMessage().contains("does not match anchor job " + job.id()), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.markSent(999, "0x01"));
    }

    @OnEachDatabase
    void anchorJobRangesMustFollowThePreviousJobAndStayWithinTheRecords(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 10; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        Bytes32 root = Bytes32.ZERO;

        IllegalStateException notFirst = assertThrows(IllegalStateException.class,
                () -> store.createAnchorJob("line-1", 2, 5, root));
        assertTrue(notFirst.getMessage().contains("must start at seq 1"), notFirst.getMessage());
        assertTrue(notFirst.getMessage().contains("got firstSeq 2"), notFirst.getMessage());

        store.createAnchorJob("line-1", 1, 4, root);
        IllegalStateException gap = assertThrows(IllegalStateException.class,
                () -> store.createAnchorJob("line-1", 6, 8, root));
        assertTrue(gap.getMessage().contains("must start at seq 5"), gap.getMessage());
        assertTrue(gap.getMessage().contains("previous job's last seq 4"), gap.getMessage());
        assertThrows(IllegalStateException.class, () -> store.createAnchorJob("line-1", 1, 4, root));

        IllegalStateException beyond = assertThrows(IllegalStateException.class,
                () -> store.createAnchorJob("line-1", 5, 11, root));
        assertTrue(beyond.getMessage().contains("5..11"), beyond.getMessage());
        assertTrue(beyond.getMessage().contains("last record, seq 10"), beyond.getMessage());

        IllegalArgumentException reversed = assertThrows(IllegalArgumentException.class,
                () -> store.createAnchorJob("line-1", 7, 5, root));
        assertTrue(reversed.getMessage().contains("7..5"), reversed.getMessage());

        assertFalse(store.openJobs().isEmpty());
        assertEquals(5, store.createAnchorJob("line-1", 5, 10, root).firstSeq());
    }

    @OnEachDatabase
    void reopeningAnExistingDatabaseKeepsItsRecords(TestDatabase kind) throws SQLException {
        open(kind);
        LineRecord appended = store.append(draft("line-1", "LOT-1", 1));
        JdbcRecordStore reopened = new JdbcRecordStore(pool);
        assertEquals(appended, reopened.find("line-1", 1).orElseThrow());
        assertEquals(2, reopened.append(draft("line-1", "LOT-1", 2)).seq());
    }

    @OnEachDatabase
    void aGroupCommitStoresALinesDraftsInOrderWithOneHashChainOrNoneOfThem(TestDatabase kind) throws SQLException {
        open(kind);
        store.append(draft("line-1", "LOT-1", 0));
        List<RecordDraft> group = new ArrayList<>();
        for (int n = 1; n <= 500; n++) {
            group.add(draft("line-1", "LOT-1", n));
        }
        List<LineRecord> stored = store.appendAll(group);
        assertEquals(500, stored.size());
        assertEquals(501, store.lastSeq("line-1"));
        List<LineRecord> all = store.range("line-1", 1, 501);
        for (int i = 1; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).seq());
            assertEquals(all.get(i - 1).digest(), all.get(i).prevDigest(), "one hash chain across the group");
            assertEquals(i, ((Number) ((Map<?, ?>) all.get(i).toJsonObject().get("fields")).get("n")).intValue(), "list order kept");
        }
        assertEquals(stored, all.subList(1, 501));

        IllegalArgumentException mixed = assertThrows(IllegalArgumentException.class,
                () -> store.appendAll(List.of(draft("line-1", "LOT-1", 1), draft("line-2", "LOT-2", 1))));
        assertTrue(mixed.getMessage().contains("line-2"), mixed.getMessage());
        store.fenceLine("line-1", 900, "test");
        assertThrows(LineFencedException.class, () -> store.appendAll(group));
        assertEquals(501, store.lastSeq("line-1"), "nothing of a refused group is stored");
        assertEquals(List.of(), store.appendAll(List.of()));
    }

    @OnEachDatabase
    void aStoreAwaitingTheChainCheckTakesALinesAppendsOnlyOnceTheLedgerCheckedIt(TestDatabase kind)
            throws SQLException {
        open(kind);
        store.append(draft("line-1", "LOT-1", 1));

        // a restart, e.g. on a database restored from a backup: no line takes appends before its chain check
        JdbcRecordStore restarted = new JdbcRecordStore(pool).awaitingChainCheck();
        LineFencedException waiting = assertThrows(LineFencedException.class,
                () -> restarted.append(draft("line-1", "LOT-1", 2)));
        assertEquals("line-1", waiting.lineId());
        assertEquals(Optional.empty(), waiting.fence(), "no durable fence: the line only waits");
        assertThrows(LineFencedException.class, () -> restarted.append(draft("line-new", "LOT-9", 1)));
        assertEquals(1, restarted.lastSeq("line-1"), "a refused append writes nothing");
        assertEquals(java.util.Set.of("line-1", "line-new"), restarted.linesAwaitingChainCheck(),
                "the ledger learns of a line that has no record yet");

        restarted.chainChecked("line-1");
        assertEquals(2, restarted.append(draft("line-1", "LOT-1", 2)).seq());
        assertEquals(java.util.Set.of("line-new"), restarted.linesAwaitingChainCheck());
        assertThrows(LineFencedException.class, () -> restarted.append(draft("line-new", "LOT-9", 1)),
                "each line waits for its own check");
        restarted.chainChecked("line-new");
        assertEquals(1, restarted.append(draft("line-new", "LOT-9", 1)).seq());
        assertEquals(java.util.Set.of(), restarted.linesAwaitingChainCheck());
    }

    @OnEachDatabase
    void aFencedLineRefusesAppendsDurablyUntilTheStoreCatchesUpWithTheChain(TestDatabase kind) throws SQLException {
        open(kind);
        store.append(draft("line-1", "LOT-1", 1));
        store.append(draft("line-2", "LOT-2", 1));

        LineFence fence = store.fenceLine("line-1", 4, "chain expects seq 4, store holds up to 1");
        assertEquals(new LineFence("line-1", 4, 1, "chain expects seq 4, store holds up to 1", fence.raisedAt()),
                fence);
        LineFencedException refused = assertThrows(LineFencedException.class,
                () -> store.append(draft("line-1", "LOT-1", 2)));
        assertEquals(Optional.of(fence), refused.fence());
        assertEquals(1, store.lastSeq("line-1"), "a refused append writes nothing");
        assertEquals(2, store.append(draft("line-2", "LOT-2", 2)).seq(), "other lines go on");

        JdbcRecordStore restarted = new JdbcRecordStore(pool);
        assertEquals(Optional.of(fence), restarted.fenceOf("line-1"));
        assertEquals(List.of(fence), restarted.fences());
        assertThrows(LineFencedException.class, () -> restarted.append(draft("line-1", "LOT-1", 2)));

        IllegalStateException stays = assertThrows(IllegalStateException.class, () -> restarted.liftFence("line-1"));
        assertTrue(stays.getMessage().contains("up to 3") && stays.getMessage().contains("up to 1"),
                stays.getMessage());

        restoreRecords("line-1", 3); // what an operator restoring the backup does
        restarted.liftFence("line-1");
        assertTrue(restarted.fenceOf("line-1").isEmpty());
        assertTrue(restarted.fences().isEmpty());
        assertEquals(4, restarted.append(draft("line-1", "LOT-1", 4)).seq());
        restarted.liftFence("line-1"); // nothing raised: harmless
    }

    @OnEachDatabase
    void raisingAFenceAgainUpdatesIt(TestDatabase kind) throws SQLException {
        open(kind);
        store.fenceLine("line-1", 4, "first");
        LineFence again = store.fenceLine("line-1", 9, "second");
        assertEquals(List.of(again), store.fences());
        assertEquals(9, store.fenceOf("line-1").orElseThrow().chainNextSeq());
        assertEquals("second", store.fenceOf("line-1").orElseThrow().reason());
    }

    @OnEachDatabase
    void gapsTouchingAnIntervalAreFoundByTheirBlindTimeNotTheirRecordTime(TestDatabase kind) throws SQLException {
        open(kind);
        Instant now = Instant.now();
        store.append(new ObservationGap("line-1", now.minusSeconds(600), now.minusSeconds(300), "lineledger-down", "")
                .toDraft());
        store.append(draft("line-1", "LOT-1", 1));
        store.append(new ObservationGap("line-1", now.minusSeconds(60), now, "opcua-session-lost", "").toDraft());
        store.append(new ObservationGap("line-2", now.minusSeconds(500), now, "opcua-session-lost", "").toDraft());

        List<LineRecord> early = store.gapsTouching("line-1", now.minusSeconds(400), now.minusSeconds(200));
        assertEquals(List.of(1L), early.stream().map(LineRecord::seq).toList());
        List<LineRecord> sinceThen = store.gapsTouching("line-1", now.minusSeconds(400), null);
        assertEquals(List.of(1L, 3L), sinceThen.stream().map(LineRecord::seq).toList());
        assertEquals(List.of(), store.gapsTouching("line-1", now.minusSeconds(200), now.minusSeconds(100)));
    }

    private static List<String> ids(List<LineRecord> records) {
        return records.stream().map(r -> r.lineId() + "#" + r.seq()).toList();
    }

    @OnEachDatabase
    void aBatchIsReadFromItsSpanOnEachLineThoughItsRecordsInterleaveWithAnotherBatchs(TestDatabase kind)
            throws SQLException {
        open(kind);
        store.appendAll(List.of(draft("line-1", "LOT-A", 1), draft("line-1", "LOT-B", 2), draft("line-1", null, 3),
                draft("line-1", "LOT-A", 4)));
        store.append(draft("line-2", "LOT-A", 5));
        store.append(draft("line-1", "LOT-B", 6));
        store.append(draft("line-1", "LOT-A", 7));

        assertEquals(List.of("line-1#1", "line-1#4", "line-1#6", "line-2#1"), ids(store.batch("LOT-A")));
        assertEquals(List.of("line-1#2", "line-1#5"), ids(store.batch("LOT-B")));
        assertEquals(List.of(), store.batch("LOT-X"));
    }

    @OnEachDatabase
    void aGapRecordIsFoundForTheBatchWhoseRunItTouches(TestDatabase kind) throws SQLException {
        open(kind);
        LineRecord started = store.append(new RecordDraft("line-1", "batch-started", "LOT-A", Map.of()));
        store.append(draft("line-1", "LOT-A", 1));
        LineRecord gap = store.append(new ObservationGap("line-1", started.recordedAt(), Instant.now(),
                "opcua-session-lost", "").toDraft());
        store.append(new ObservationGap("line-2", started.recordedAt(), Instant.now(), "opcua-session-lost", "")
                .toDraft());
        LineRecord completed = store.append(new RecordDraft("line-1", "batch-completed", "LOT-A",
                Map.of("verdict", "PASS")));

        assertEquals(List.of("line-1#" + gap.seq()),
                ids(store.gapsTouching("line-1", started.recordedAt(), completed.recordedAt())));
        assertEquals(List.of(), store.gapsTouching("line-1", completed.recordedAt().plusMillis(1), null));
        assertEquals("INCOMPLETE", store.recentBatches(1).get(0).verdict());
    }

    @OnEachDatabase
    void recordsBeyondALinesIndexedSequenceAreReadToo(TestDatabase kind) throws SQLException {
        open(kind);
        Instant now = Instant.now();
        store.append(new RecordDraft("line-1", "batch-started", "LOT-A", Map.of()));
        store.append(draft("line-1", "LOT-A", 1));
        saveBatchIndex();
        store.append(draft("line-1", "LOT-A", 2));
        LineRecord gap = store.append(new ObservationGap("line-1", now.minusSeconds(60), now, "opcua-session-lost", "")
                .toDraft());
        store.append(new RecordDraft("line-1", "batch-started", "LOT-B", Map.of()));
        store.append(draft("line-1", "LOT-B", 3));
        store.append(new RecordDraft("line-1", "batch-completed", "LOT-A", Map.of("verdict", "PASS")));
        store.append(new RecordDraft("line-2", "batch-started", "LOT-A", Map.of()));
        // the index as a backup restored behind the store's back left it: line-1 indexed up to 2, line-2 not at all
        restoreBatchIndex();
        assertEquals(2L, number("SELECT indexed_seq FROM batch_index_lines WHERE line_id = 'line-1'"));
        assertEquals(1L, number("SELECT COUNT(*) FROM batch_index_lines"));

        assertFoundBeyondTheIndex(gap);
        assertEquals(List.of("line-1#5", "line-1#6"), ids(store.batch("LOT-B")));

        store.append(draft("line-1", "LOT-B", 4)); // the store indexes line-1 first: the same answers from the index
        assertEquals(8L, number("SELECT indexed_seq FROM batch_index_lines WHERE line_id = 'line-1'"));
        assertFoundBeyondTheIndex(gap);
        assertEquals(List.of("line-1#5", "line-1#6", "line-1#8"), ids(store.batch("LOT-B")));
    }

    /** What {@link #recordsBeyondALinesIndexedSequenceAreReadToo} reads before and after the index caught up. */
    private void assertFoundBeyondTheIndex(LineRecord gap) {
        assertEquals(List.of("line-1#1", "line-1#2", "line-1#3", "line-1#7", "line-2#1"), ids(store.batch("LOT-A")));
        assertEquals(List.of("line-1#" + gap.seq()),
                ids(store.gapsTouching("line-1", gap.recordedAt().minusSeconds(120), null)));
        BatchSeals seals = store.batchSeals().orElseThrow();
        assertEquals(OptionalLong.of(1), seals.startedSeq("line-1", "LOT-A"));
        assertEquals(OptionalLong.of(5), seals.startedSeq("line-1", "LOT-B"));
        assertEquals(OptionalLong.of(1), seals.startedSeq("line-2", "LOT-A"));
        assertEquals(OptionalLong.empty(), seals.startedSeq("line-2", "LOT-B"));
        assertEquals(List.of(new BatchSeals.Completion(7, "LOT-A")), seals.completions("line-1", 0, 8, 10));
    }

    private long number(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void saveBatchIndex() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("batches", "batch_gaps", "batch_index_lines")) {
                s.execute("CREATE TABLE saved_" + table + " AS SELECT * FROM " + table);
            }
        }
    }

    private void restoreBatchIndex() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            for (String table : List.of("batches", "batch_gaps", "batch_index_lines")) {
                s.execute("DELETE FROM " + table);
                s.execute("INSERT INTO " + table + " SELECT * FROM saved_" + table);
                s.execute("DROP TABLE saved_" + table);
            }
        }
    }

    // ---- coverage derived from the jobs' ranges -----------------------------------------------------------

    private static Anchor anchorOf(AnchorJob job, long block) {
        return new Anchor(31337, "0x" + "cd".repeat(20), "0x0" + job.id(), block, 0, job.lineId(), job.firstSeq(),
                job.lastSeq(), job.root());
    }

    private static Bytes32 root(int n) {
        return Bytes32.fromHex("0x" + String.format("%064x", n));
    }

    private List<Long> unanchoredSeqs(String line) {
        return store.unanchored(line, 100).stream().map(LineRecord::seq).toList();
    }

    @OnEachDatabase
    void aJobCoversExactlyItsRangeUpToTheWindowEdges(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 10; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        store.append(draft("line-2", "LOT-2", 1));
        AnchorJob first = store.createAnchorJob("line-1", 1, 4, root(1));
        AnchorJob second = store.createAnchorJob("line-1", 5, 8, root(2));
        assertEquals(List.of(9L, 10L), unanchoredSeqs("line-1"), "what no job covers comes after the last job");
        assertEquals(List.of(1L), unanchoredSeqs("line-2"), "another line's jobs cover nothing here");

        store.markAnchored(first.id(), anchorOf(first, 20));
        assertEquals(Optional.of(anchorOf(first, 20)), store.anchorOf("line-1", 1), "first seq of the window");
        assertEquals(Optional.of(anchorOf(first, 20)), store.anchorOf("line-1", 4), "last seq of the window");
        assertEquals(Optional.empty(), store.anchorOf("line-1", 5), "first seq of the next, open window");
        assertEquals(Optional.empty(), store.anchorOf("line-1", 0));
        assertEquals(Optional.empty(), store.anchorOf("line-2", 1));

        store.markAnchored(second.id(), anchorOf(second, 21));
        assertEquals(Optional.of(anchorOf(second, 21)), store.anchorOf("line-1", 5));
        assertEquals(Optional.of(anchorOf(second, 21)), store.anchorOf("line-1", 8));
        assertEquals(Optional.empty(), store.anchorOf("line-1", 9), "right after the last window");
        assertEquals(Optional.empty(), store.anchorOf("line-1", 11), "no such record");
        assertEquals(List.of(9L, 10L), unanchoredSeqs("line-1"));

        // a record deleted behind the store's back has no anchor, as when coverage was marked on its row
        sql("DELETE FROM records WHERE line_id = 'line-1' AND seq = 3");
        assertEquals(Optional.empty(), store.anchorOf("line-1", 3));
    }

    @OnEachDatabase
    void aReorganizedWindowLosesItsAnchorButKeepsItsRangeUntilAnchoredAgain(TestDatabase kind) throws SQLException {
        open(kind);
        for (int i = 1; i <= 6; i++) {
            store.append(draft("line-1", "LOT-1", i));
        }
        AnchorJob first = store.createAnchorJob("line-1", 1, 2, root(1));
        AnchorJob second = store.createAnchorJob("line-1", 3, 4, root(2));
        store.markAnchored(first.id(), anchorOf(first, 10));
        store.markAnchored(second.id(), anchorOf(second, 11));
        assertEquals(BatchQuery.AnchorState.PENDING, store.recentBatches(1).get(0).anchorState());
        assertEquals(4, store.recentBatches(1).get(0).anchored());

        store.unmarkAnchored(anchorOf(second, 11));
        assertEquals(Optional.of(anchorOf(first, 10)), store.anchorOf("line-1", 2), "the window before stays");
        assertEquals(Optional.empty(), store.anchorOf("line-1", 3));
        assertEquals(Optional.empty(), store.anchorOf("line-1", 4));
        assertEquals(List.of(5L, 6L), unanchoredSeqs("line-1"), "its records stay covered by their job");
        assertEquals(2, store.recentBatches(1).get(0).anchored());
        assertEquals(List.of(second.id()), store.openJobs().stream().map(AnchorJob::id).toList());
        assertThrows(IllegalStateException.class, () -> store.createAnchorJob("line-1", 3, 6, root(3)),
                "no second job can take the reorganized range");

        store.markAnchored(second.id(), anchorOf(second, 12));
        assertEquals(Optional.of(anchorOf(second, 12)), store.anchorOf("line-1", 3));
        assertEquals(Optional.of(anchorOf(second, 12)), store.anchorOf("line-1", 4));
        assertEquals(4, store.recentBatches(1).get(0).anchored());

        AnchorJob last = store.createAnchorJob("line-1", 5, 6, root(4));
        store.markAnchored(last.id(), anchorOf(last, 13));
        assertEquals(6, store.recentBatches(1).get(0).anchored());
        assertEquals(BatchQuery.AnchorState.ANCHORED, store.recentBatches(1).get(0).anchorState());
        assertEquals(List.of(), unanchoredSeqs("line-1"));
    }

    @OnEachDatabase
    void anchoredCountsOfInterleavedBatchesCountTheirOwnRecords(TestDatabase kind) throws SQLException {
        open(kind);
        // seq 1 A, 2 B, 3 -, 4 -, 5 A, 6 B, 7 C; jobs 1..2 anchored, 3..4 sent, 5..6 anchored, 7 uncovered
        store.append(draft("line-1", "LOT-A", 1));
        store.append(draft("line-1", "LOT-B", 2));
        store.append(draft("line-1", null, 3));
        store.append(draft("line-1", null, 4));
        store.append(draft("line-1", "LOT-A", 5));
        store.append(draft("line-1", "LOT-B", 6));
        store.append(draft("line-1", "LOT-C", 7));
        AnchorJob a = store.createAnchorJob("line-1", 1, 2, root(1));
        AnchorJob open = store.createAnchorJob("line-1", 3, 4, root(2));
        AnchorJob c = store.createAnchorJob("line-1", 5, 6, root(3));
        store.markAnchored(a.id(), anchorOf(a, 10));
        store.markSent(open.id(), "0x02");
        store.markAnchored(c.id(), anchorOf(c, 11));

        Map<String, BatchSummary> byId = new java.util.HashMap<>();
        store.recentBatches(10).forEach(b -> byId.put(b.batchId(), b));
        assertEquals(2, byId.get("LOT-A").anchored(), "the open window between its records holds none of them");
        assertEquals(BatchQuery.AnchorState.ANCHORED, byId.get("LOT-A").anchorState());
        assertEquals(2, byId.get("LOT-B").anchored());
        assertEquals(0, byId.get("LOT-C").anchored());
        assertEquals(List.of("LOT-B", "LOT-A"), store.batches(BatchQuery.newest(10)
                .withAnchorState(BatchQuery.AnchorState.ANCHORED)).batches().stream().map(BatchSummary::batchId).toList());
        assertEquals(List.of("LOT-C"), store.batches(BatchQuery.newest(10)
                .withAnchorState(BatchQuery.AnchorState.PENDING)).batches().stream().map(BatchSummary::batchId).toList());

        // a record of LOT-A in the open window makes it wait
        sql("UPDATE anchor_jobs SET status = 'SENT' WHERE id = ?", a.id());
        assertEquals(List.of("LOT-C", "LOT-B", "LOT-A"), store.batches(BatchQuery.newest(10)
                .withAnchorState(BatchQuery.AnchorState.PENDING)).batches().stream().map(BatchSummary::batchId).toList());
    }

    @OnEachDatabase
    void creatingAJobOverManyRecordsWritesOneRow(TestDatabase kind) throws SQLException {
        open(kind);
        List<RecordDraft> drafts = new ArrayList<>();
        for (int i = 1; i <= 5_000; i++) {
            drafts.add(draft("line-1", "LOT-1", i));
        }
        store.appendAll(drafts);
        String before = tableDigest();
        AnchorJob job = store.createAnchorJob("line-1", 1, 5_000, root(1));
        assertEquals(before, tableDigest(), "no record row changes");
        assertEquals(List.of(), unanchoredSeqs("line-1"));
        store.markAnchored(job.id(), anchorOf(job, 5));
        assertEquals(5_000, store.recentBatches(1).get(0).anchored());
        assertEquals(Optional.of(anchorOf(job, 5)), store.anchorOf("line-1", 5_000));
    }

    /** Every column of every record row, as one string. */
    private String tableDigest() throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT * FROM records ORDER BY line_id, seq")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                for (int i = 1; i <= columns; i++) {
                    all.append(rs.getString(i)).append('|');
                }
            }
        }
        return all.toString();
    }

    /** Appends through a store with no fence table rows visible: the operator's restore puts rows back. */
    private void restoreRecords(String line, long upTo) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE saved_fences AS SELECT * FROM line_fences");
            s.execute("DELETE FROM line_fences");
            while (store.lastSeq(line) < upTo) {
                store.append(draft(line, "LOT-1", 0));
            }
            s.execute("INSERT INTO line_fences SELECT * FROM saved_fences");
            s.execute("DROP TABLE saved_fences");
        }
    }

    private void sql(String sql, Object... parameters) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }
}
