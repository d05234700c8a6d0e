package io.lineledger.store.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.TamperedRecordException;
import io.lineledger.store.internal.JdbcRecordStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class H2RecordStoresTest {

    private static RecordDraft draft(int n) {
        return new RecordDraft("line-1", "quality", "LOT-1", Map.of("n", n, "verdict", "PASS"));
    }

    @Test
    void everyStoreStartsOnAnEmptyDatabaseOfItsOwn() {
        RecordStore first = H2RecordStores.newStore();
        first.append(draft(1));

        assertEquals(0, H2RecordStores.newStore().lastSeq("line-1"));
        assertEquals(1, first.lastSeq("line-1"));
    }

    @Test
    void aSecondStoreOnTheSameDatabaseSeesWhatTheFirstWrote() {
        DataSource database = H2RecordStores.newDatabase();
        LineRecord written = new JdbcRecordStore(database).append(draft(1));

        assertEquals(written, new JdbcRecordStore(database).find("line-1", 1).orElseThrow());
    }

    @Test
    void storeStampsRecordsWithTheGivenClock() {
        Instant now = Instant.parse("2025-03-04T08:00:00.123Z");
        RecordStore store = H2RecordStores.newStore(Clock.fixed(now, ZoneOffset.UTC));

        assertEquals(now, store.append(draft(1)).recordedAt());
    }

    @Test
    void tamperedJsonIsReportedByTheStoreNamingLineAndSeq() {
        DataSource database = H2RecordStores.newDatabase();
        RecordStore store = new JdbcRecordStore(database);
        store.append(draft(1));
        LineRecord victim = store.append(draft(2));

        H2RecordStores.tamperJson(database, "line-1", 2, victim.canonicalJson().replace("PASS", "FAIL"));

        TamperedRecordException e = assertThrows(TamperedRecordException.class, () -> store.find("line-1", 2));
        assertEquals("line-1", e.lineId());
        assertEquals(2, e.seq());
        assertEquals(1, store.find("line-1", 1).orElseThrow().seq());
    }

    @Test
    void rewrittenLineReadsAsAConsistentChainWithNewDigests() {
        DataSource database = H2RecordStores.newDatabase();
        RecordStore store = new JdbcRecordStore(database);
        List<LineRecord> before = List.of(store.append(draft(1)), store.append(draft(2)), store.append(draft(3)));

        H2RecordStores.rewriteFrom(database, "line-1", 2,
                new RecordDraft("line-1", "quality", "LOT-1", Map.of("n", 2, "verdict", "FAIL")));

        List<LineRecord> after = store.range("line-1", 1, 3);
        assertEquals(before.get(0), after.get(0));
        assertEquals("FAIL", after.get(1).fields().get("verdict"));
        assertEquals(before.get(1).recordedAt(), after.get(1).recordedAt());
        assertNotEquals(before.get(1).digest(), after.get(1).digest());
        assertNotEquals(before.get(2).digest(), after.get(2).digest(), "later records are re-sealed too");
        assertEquals(after.get(1).digest(), after.get(2).prevDigest());
        assertEquals(before.get(2).fields(), after.get(2).fields());
        assertTrue(store.batch("LOT-1").containsAll(after));
    }
}
