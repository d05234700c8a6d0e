package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.RecordDraft;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.h2.jdbcx.JdbcConnectionPool;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With durable commits H2 never compacts its file: every commit leaves a chunk holding a few live pages, and the file
 * grows without end (4.4 GiB after four minutes of 84 lines, BENCHMARKS.md "Footprint"). The housekeeping keeps it at
 * what the records need, and the records read back whole.
 */
class EmbeddedH2HousekeepingTest {

    private static final int COMMITS = 3_000;
    private static final int RECORDS_PER_COMMIT = 5;
    // shorter than H2's 45 s, so that freed chunks can be reused within the test
    private static final String RETENTION = ";RETENTION_TIME=300";

    @TempDir
    Path directory;

    @Test
    void theStoreFileStaysNearWhatItsRecordsNeedWhileCommitsComeOneAfterAnother() throws Exception {
        Measured without = appendWith(directory.resolve("without"), false);
        Measured with = appendWith(directory.resolve("with"), true);
        System.out.printf("store file after %,d commits of %d records: without housekeeping %,d bytes in %,d chunks,"
                        + " with it %,d bytes in %,d chunks%n", COMMITS, RECORDS_PER_COMMIT, without.fileBytes,
                without.chunks, with.fileBytes, with.chunks);
        assertTrue(with.fileBytes * 2 < without.fileBytes,
                "with housekeeping " + with.fileBytes + " bytes, without " + without.fileBytes);
        assertTrue(with.chunks * 5 < without.chunks, "chunks: " + with.chunks + " against " + without.chunks);
    }

    @Test
    void aStoreFileThatGrewBeforeStopsGrowingAndItsRecordsReadBack() throws Exception {
        Path file = directory.resolve("grown");
        Measured grown = appendWith(file, false);
        Measured then = appendWith(file, true); // as many commits again, now with the housekeeping
        System.out.printf("a grown store file: %,d bytes; after as many commits again with housekeeping %,d bytes%n",
                grown.fileBytes, then.fileBytes);
        assertTrue(then.fileBytes - grown.fileBytes < grown.fileBytes / 3,
                "grew from " + grown.fileBytes + " to " + then.fileBytes + " bytes");
        String url = EmbeddedH2.durableUrl("jdbc:h2:file:" + file + RETENTION, "test", "jdbcUrl");
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try {
            JdbcRecordStore store = new JdbcRecordStore(pool);
            long last = 2L * COMMITS * RECORDS_PER_COMMIT;
            assertEquals(last, store.lastSeq("line-1"));
            assertEquals(last, store.range("line-1", 1, last).size(), "every record, its hash chain checked");
        } finally {
            pool.dispose();
        }
    }

    @Test
    void oldChunksAreKeptTenSecondsWhileThePassesForceTheFileAndH2sOwnTimeAfterwards() throws Exception {
        // H2's own retention time here (45 s): the one a power cut needs when nothing forces the file
        String url = EmbeddedH2.durableUrl("jdbc:h2:file:" + directory.resolve("retention"), "test", "jdbcUrl");
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        try (Connection connection = pool.getConnection()) {
            new JdbcRecordStore(pool).append(quality(0));
            MVStore mv = EmbeddedH2Housekeeping.mvStoreOf(connection);
            int own = mv.getRetentionTime();
            assertTrue(own > EmbeddedH2Housekeeping.SYNCED_RETENTION_MS, "H2's retention " + own + " ms");
            EmbeddedH2Housekeeping housekeeping =
                    EmbeddedH2Housekeeping.every(pool, Duration.ofMillis(50), "lineledger-test-h2-compaction");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (mv.getRetentionTime() != EmbeddedH2Housekeeping.SYNCED_RETENTION_MS
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertEquals(EmbeddedH2Housekeeping.SYNCED_RETENTION_MS, mv.getRetentionTime(), "while it runs");
            housekeeping.close();
            assertEquals(own, mv.getRetentionTime(), "once nothing forces the file");
        } finally {
            pool.dispose();
        }
    }

    private record Measured(long fileBytes, int chunks) {
    }

    private static Measured appendWith(Path file, boolean housekeeping) throws Exception {
        String url = EmbeddedH2.durableUrl("jdbc:h2:file:" + file + RETENTION, "test", "jdbcUrl");
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        EmbeddedH2Housekeeping compaction = housekeeping
                ? EmbeddedH2Housekeeping.every(pool, Duration.ofMillis(100), "lineledger-test-h2-compaction") : null;
        Measured measured;
        try {
            JdbcRecordStore store = new JdbcRecordStore(pool);
            long first = store.lastSeq("line-1");
            long part = 0;
            for (int commit = 0; commit < COMMITS; commit++) {
                List<RecordDraft> drafts = new ArrayList<>(RECORDS_PER_COMMIT);
                for (int i = 0; i < RECORDS_PER_COMMIT; i++) {
                    drafts.add(quality(part++));
                }
                store.appendAll(drafts);
            }
            Thread.sleep(2_000); // several retention times, and housekeeping passes
            try (Connection connection = pool.getConnection()) {
                MVStore mv = EmbeddedH2Housekeeping.mvStoreOf(connection);
                mv.commit();
                // measured open: closing lets H2 compact for up to 200 ms, which may or may not shorten the file
                measured = new Measured(Files.size(file.resolveSibling(file.getFileName() + ".mv.db")), chunkCount(mv));
            }
            assertEquals(part + first, store.lastSeq("line-1"));
        } finally {
            if (compaction != null) {
                compaction.close();
            }
            pool.dispose();
        }
        return measured;
    }

    /** The chunks the store's layout lists (one {@code chunk.<id>} key each). */
    static int chunkCount(MVStore mv) {
        int chunks = 0;
        for (String key : mv.getLayoutMap().keySet()) {
            if (key.startsWith("chunk.")) {
                chunks++;
            }
        }
        return chunks;
    }

    private static RecordDraft quality(long n) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("characteristic", "fill weight");
        fields.put("value", 500.0 + (n % 17) * 0.1);
        fields.put("verdict", "PASS");
        fields.put("part", n);
        return new RecordDraft("line-1", "quality", "LOT-" + (n / 1_000), fields);
    }
}
