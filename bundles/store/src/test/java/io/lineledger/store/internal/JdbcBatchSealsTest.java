package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Bytes32;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.BatchSeals;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;

class JdbcBatchSealsTest {

    private static final Bytes32 ROOT_1 = Bytes32.fromHex("0x" + "a1".repeat(32));
    private static final Bytes32 ROOT_2 = Bytes32.fromHex("0x" + "a2".repeat(32));
    private static final Bytes32 CERT_1 = Bytes32.fromHex("0x" + "c1".repeat(32));
    private static final Bytes32 CERT_2 = Bytes32.fromHex("0x" + "c2".repeat(32));

    private TestDatabase.Opened database;
    private JdbcRecordStore store;
    private BatchSeals seals;

    private void open(TestDatabase kind) throws SQLException {
        database = kind.open();
        store = new JdbcRecordStore(database.dataSource());
        seals = store.batchSeals().orElseThrow();
    }

    /** The seals of another store on the same database: it reads back what this one committed. */
    private BatchSeals readBack() {
        return new JdbcRecordStore(database.dataSource()).batchSeals().orElseThrow();
    }

    @AfterEach
    void close() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    /** line-1: LOT-1 started 1, quality 2, completed 3; LOT-2 started 4, completed 5; LOT-1 completed again at 6. */
    private void lineWithTwoBatches() {
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-1", Map.of()));
        store.append(new RecordDraft("line-1", RecordTypes.QUALITY, "LOT-1", Map.of("verdict", "PASS")));
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-1", Map.of("verdict", "PASS")));
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-2", Map.of()));
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-2", Map.of("verdict", "PASS")));
        store.append(new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-1", Map.of("verdict", "FAIL")));
    }

    @OnEachDatabase
    void completionsAndStartsAreFoundByTypeAndRange(TestDatabase kind) throws SQLException {
        open(kind);
        lineWithTwoBatches();
        // from what this store committed, and read back by a store that did not commit them
        for (BatchSeals seals : List.of(seals, readBack())) {
            assertEquals(List.of(new BatchSeals.Completion(3, "LOT-1"), new BatchSeals.Completion(5, "LOT-2"),
                    new BatchSeals.Completion(6, "LOT-1")), seals.completions("line-1", 0, 6, 100));
            assertEquals(List.of(new BatchSeals.Completion(5, "LOT-2")), seals.completions("line-1", 3, 5, 100));
            assertEquals(List.of(new BatchSeals.Completion(3, "LOT-1")), seals.completions("line-1", 0, 6, 1));
            assertEquals(List.of(), seals.completions("line-1", 6, 6, 100));
        }
        assertEquals(OptionalLong.of(4), seals.startedSeq("line-1", "LOT-2"));
        assertEquals(OptionalLong.empty(), seals.startedSeq("line-2", "LOT-2"));
    }

    @OnEachDatabase
    void startsAndCompletionsOfInterleavedBatchesAreEachTheirBatchs(TestDatabase kind) throws SQLException {
        open(kind);
        // LOT-1 and LOT-2 overlap on line-1; LOT-3's first record is not its start; LOT-4 has none
        store.appendAll(List.of(
                new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-1", Map.of()),
                new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-2", Map.of()),
                new RecordDraft("line-1", RecordTypes.QUALITY, "LOT-1", Map.of("verdict", "PASS")),
                new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-2", Map.of("verdict", "PASS")),
                new RecordDraft("line-1", RecordTypes.QUALITY, "LOT-3", Map.of("verdict", "PASS")),
                new RecordDraft("line-1", RecordTypes.BATCH_COMPLETED, "LOT-1", Map.of("verdict", "PASS")),
                new RecordDraft("line-1", RecordTypes.BATCH_STARTED, "LOT-3", Map.of()),
                new RecordDraft("line-1", RecordTypes.QUALITY, "LOT-4", Map.of("verdict", "PASS"))));
        assertEquals(OptionalLong.of(1), seals.startedSeq("line-1", "LOT-1"));
        assertEquals(OptionalLong.of(2), seals.startedSeq("line-1", "LOT-2"));
        assertEquals(OptionalLong.of(7), seals.startedSeq("line-1", "LOT-3"));
        assertEquals(OptionalLong.empty(), seals.startedSeq("line-1", "LOT-4"));
        assertEquals(OptionalLong.empty(), seals.startedSeq("line-1", "LOT-5"));
        for (BatchSeals seals : List.of(seals, readBack())) {
            assertEquals(List.of(new BatchSeals.Completion(4, "LOT-2"), new BatchSeals.Completion(6, "LOT-1")),
                    seals.completions("line-1", 0, 8, 100));
            assertEquals(List.of(new BatchSeals.Completion(6, "LOT-1")), seals.completions("line-1", 4, 8, 100));
        }
    }

    @OnEachDatabase
    void aSealGoesFromPlannedToSentToSealedAndPlanningAgainChangesNothing(TestDatabase kind) throws SQLException {
        open(kind);
        lineWithTwoBatches();
        BatchSeal planned = seals.plan("LOT-1", "line-1", 1, 3, ROOT_1, CERT_1);
        assertEquals(BatchSeal.Status.PENDING, planned.status());
        assertEquals(planned, seals.plan("LOT-1", "line-1", 1, 3, ROOT_1, CERT_1));
        assertThrows(IllegalArgumentException.class, () -> seals.plan("LOT-1", "line-1", 1, 3, ROOT_2, CERT_1));
        assertEquals(List.of(planned), seals.open());

        seals.markSent(planned.id(), "0x" + "01".repeat(32));
        assertEquals(BatchSeal.Status.SENT, seals.open().get(0).status());
        seals.markSealed(planned.id(), 0, "0x" + "01".repeat(32), 17);
        seals.markSealed(planned.id(), 0, "0x" + "01".repeat(32), 17); // confirmed again after a restart
        assertTrue(seals.open().isEmpty());
        BatchSeal sealed = seals.latestSealed("LOT-1").orElseThrow();
        assertEquals(0L, sealed.revision());
        assertEquals(17L, sealed.blockNumber());
        assertThrows(IllegalStateException.class, () -> seals.markSent(planned.id(), "0x" + "02".repeat(32)));
        assertEquals(3, seals.lastPlannedSeq("line-1"));
        assertEquals(0, seals.lastPlannedSeq("line-2"));
    }

    @OnEachDatabase
    void aBatchCompletedAgainSupersedesItsOpenEntryAndKeepsItsSealedOne(TestDatabase kind) throws SQLException {
        open(kind);
        lineWithTwoBatches();
        BatchSeal first = seals.plan("LOT-1", "line-1", 1, 3, ROOT_1, CERT_1);
        seals.markSealed(first.id(), 0, "0x" + "01".repeat(32), 17);
        BatchSeal second = seals.plan("LOT-1", "line-1", 1, 6, ROOT_2, CERT_2);
        BatchSeal third = seals.plan("LOT-1", "line-1", 1, 7, ROOT_1, CERT_2);
        assertEquals(List.of(third), seals.open());
        assertEquals(third, seals.latest("LOT-1").orElseThrow());
        assertEquals(first.id(), seals.latestSealed("LOT-1").orElseThrow().id());
        // the superseded entry's transaction was mined after all: the registry holds it, so the store says so
        seals.markSealed(second.id(), 1, "0x" + "02".repeat(32), 18);
        assertEquals(second.id(), seals.latestSealed("LOT-1").orElseThrow().id());
        assertEquals(7, seals.lastPlannedSeq("line-1"));
    }
}
