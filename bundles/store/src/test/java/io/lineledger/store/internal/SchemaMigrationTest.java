package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.internal.SchemaMigration.Script;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

    private TestDatabase.Opened database;

    private DataSource open(TestDatabase kind) throws SQLException {
        database = kind.open();
        return database.dataSource();
    }

    @AfterEach
    void close() throws SQLException {
        if (database != null) {
            database.close();
        }
    }

    @OnEachDatabase
    void migrationsApplyOnceAndAreSkippedWhenTheSchemaIsCurrent(TestDatabase kind) throws SQLException {
        DataSource dataSource = open(kind);
        assertEquals(SchemaMigration.SCRIPTS.size(), SchemaMigration.migrate(dataSource));
        assertEquals(0, SchemaMigration.migrate(dataSource));
        assertEquals(SchemaMigration.SCRIPTS.size(), versions(dataSource).size());
    }

    @OnEachDatabase
    void recordsAreIndexedByTheirPrimaryKeyAlone(TestDatabase kind) throws SQLException {
        DataSource dataSource = open(kind);
        SchemaMigration.migrate(dataSource);
        // each append writes one entry per index: readers find records through the batch index instead (V8)
        Map<String, List<String>> columnsByIndex = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : List.of("records", "RECORDS")) { // PostgreSQL folds to lower case, H2 upper
                try (ResultSet rs = connection.getMetaData().getIndexInfo(null, connection.getSchema(), table, false,
                        false)) {
                    while (rs.next()) {
                        if (rs.getString("INDEX_NAME") != null) {
                            columnsByIndex.computeIfAbsent(rs.getString("INDEX_NAME"), name -> new ArrayList<>())
                                    .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        assertEquals(1, columnsByIndex.size(), columnsByIndex.toString());
        assertEquals(List.of("line_id", "seq"), columnsByIndex.values().iterator().next());
    }

    @OnEachDatabase
    void aScriptThatFailedMidwayIsCompletedOnTheNextStart(TestDatabase kind) throws SQLException {
        DataSource dataSource = open(kind);
        Script v1 = new Script("V1__a.sql", "CREATE TABLE IF NOT EXISTS a (x INT);\n");
        Script broken = new Script("V2__b.sql", """
                CREATE TABLE IF NOT EXISTS b (x INT);
                CREATE INDEX IF NOT EXISTS ix_b_y ON b (y);
                CREATE TABLE IF NOT EXISTS c (x INT);
                """);
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> SchemaMigration.migrate(dataSource, List.of(v1, broken)));
        assertTrue(failed.getMessage().contains("V2__b.sql"), failed.getMessage());
        assertEquals(List.of(1), versions(dataSource), "the failed script is not recorded as applied");
        // H2 committed "CREATE TABLE b" before the failure; PostgreSQL rolled the whole script back
        assertEquals(kind == TestDatabase.H2, tableExists(dataSource, "b"));

        Script fixed = new Script("V2__b.sql", broken.sql().replace("(y)", "(x)"));
        assertEquals(1, SchemaMigration.migrate(dataSource, List.of(v1, fixed)));
        assertEquals(List.of(1, 2), versions(dataSource));
        assertTrue(tableExists(dataSource, "b") && tableExists(dataSource, "c"));
    }

    @OnEachDatabase
    void aCrashAfterAnyStatementOfAShippedScriptIsCompletedOnTheNextStart(TestDatabase kind) throws SQLException {
        List<Script> shipped = SchemaMigration.shipped();
        for (int k = 0; k < shipped.size(); k++) {
            List<String> statements = SchemaMigration.statements(shipped.get(k).sql());
            // H2 commits each DDL statement: a crash leaves the earlier scripts recorded and any prefix of this one
            for (int done = 0; done <= statements.size(); done++) {
                try (TestDatabase.Opened opened = kind.open()) {
                    DataSource dataSource = opened.dataSource();
                    SchemaMigration.migrate(dataSource, shipped.subList(0, k));
                    for (String statement : statements.subList(0, done)) {
                        execute(dataSource, statement);
                    }
                    String state = shipped.get(k).name() + " after " + done + " of its statements";
                    assertEquals(shipped.size() - k, SchemaMigration.migrate(dataSource), state);
                    assertEquals(SchemaMigration.SCRIPTS.size(), versions(dataSource).size(), state);
                    JdbcRecordStore store = new JdbcRecordStore(dataSource);
                    store.append(new RecordDraft("line-1", "batch-started", "LOT-1",
                            Map.of("product", "Water")));
                    assertEquals(1, store.batches(BatchQuery.newest(10)).total(), state);
                }
            }
        }
    }

    /**
     * A database the previous release wrote: coverage marked on each record row ({@code anchor_job_id}), no batch
     * index. After the upgrade the same records are anchored, open and uncovered, and its batches are listed.
     */
    @OnEachDatabase
    void aDatabaseOfThePreviousReleaseKeepsItsAnchorsAndGetsItsBatchesListed(TestDatabase kind) throws SQLException {
        DataSource dataSource = open(kind);
        SchemaMigration.migrate(dataSource, SchemaMigration.shipped().subList(0, 4));
        Instant t = Instant.parse("2026-01-05T06:00:00Z");
        List<RecordDraft> drafts = List.of(
                new RecordDraft("line-1", "batch-started", "LOT-1", Map.of("product", "Water 0.5 l")),
                new RecordDraft("line-1", "quality", "LOT-1", Map.of("value", 500.1, "verdict", "PASS")),
                new RecordDraft("line-1", "batch-completed", "LOT-1", Map.of("verdict", "PASS", "parts", 1)),
                new RecordDraft("line-1", "batch-started", "LOT-2", Map.of("product", "Juice 1 l")),
                new RecordDraft("line-1", "quality", "LOT-2", Map.of("value", 999.0, "verdict", "PASS")),
                new RecordDraft("line-1", "quality", "LOT-2", Map.of("value", 1001.0, "verdict", "PASS")));
        Bytes32 root = Bytes32.fromHex("0x" + "ab".repeat(32));
        // job 1 covers 1..3 and is anchored, job 2 covers 4..5 and was sent, record 6 has no job
        execute(dataSource, "INSERT INTO anchor_jobs (line_id, first_seq, last_seq, root, status, tx_hash, chain_id,"
                + " contract, block_number, log_index, created_at, updated_at) VALUES"
                + " ('line-1', 1, 3, '" + root.hex() + "', 'ANCHORED', '0x01', 31337, '0x" + "cd".repeat(20)
                + "', 12, 0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        execute(dataSource, "INSERT INTO anchor_jobs (line_id, first_seq, last_seq, root, status, tx_hash,"
                + " created_at, updated_at) VALUES ('line-1', 4, 5, '" + root.hex() + "', 'SENT', '0x02',"
                + " CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
        long job1 = jobStartingAt(dataSource, 1);
        long job2 = jobStartingAt(dataSource, 4);
        Bytes32 prev = Bytes32.ZERO;
        try (Connection c = dataSource.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO records (line_id, seq, record_type, batch_id, recorded_at, prev_digest, digest, salt,"
                        + " canonical_json, anchor_job_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < drafts.size(); i++) {
                LineRecord record = LineRecord.seal(drafts.get(i), i + 1, prev, t.plusSeconds(i), RecordDigest.newSalt());
                insert.setString(1, record.lineId());
                insert.setLong(2, record.seq());
                insert.setString(3, record.type());
                insert.setString(4, record.batchId());
                insert.setObject(5, OffsetDateTime.ofInstant(record.recordedAt(), ZoneOffset.UTC));
                insert.setString(6, record.prevDigest().hex());
                insert.setString(7, record.digest().hex());
                insert.setString(8, record.salt().hex());
                insert.setString(9, record.canonicalJson());
                insert.setObject(10, record.seq() <= 3 ? Long.valueOf(job1) : record.seq() <= 5 ? Long.valueOf(job2) : null);
                insert.executeUpdate();
                prev = record.digest();
            }
        }

        JdbcRecordStore store = new JdbcRecordStore(dataSource);

        Anchor anchor = new Anchor(31337, "0x" + "cd".repeat(20), "0x01", 12, 0, "line-1", 1, 3, root);
        for (long seq = 1; seq <= 3; seq++) {
            assertEquals(Optional.of(anchor), store.anchorOf("line-1", seq));
        }
        for (long seq = 4; seq <= 7; seq++) {
            assertEquals(Optional.empty(), store.anchorOf("line-1", seq));
        }
        assertEquals(List.of(6L), store.unanchored("line-1", 10).stream().map(LineRecord::seq).toList());
        assertEquals(List.of(job2), store.openJobs().stream().map(AnchorJob::id).toList());
        assertEquals(false, columnExists(dataSource, "records", "anchor_job_id"), "coverage lives in the jobs only");

        BatchPage batches = store.batches(BatchQuery.newest(10));
        assertEquals(2, batches.total());
        BatchSummary lot2 = batches.batches().get(0);
        assertEquals(new BatchSummary("LOT-2", "line-1", t.plusSeconds(3), t.plusSeconds(5), 3, 0, "Juice 1 l",
                t.plusSeconds(3), null, BatchSummary.RUNNING), lot2);
        BatchSummary lot1 = batches.batches().get(1);
        assertEquals(new BatchSummary("LOT-1", "line-1", t, t.plusSeconds(2), 3, 3, "Water 0.5 l", t,
                t.plusSeconds(2), "PASS"), lot1);

        assertThrows(IllegalStateException.class, () -> store.createAnchorJob("line-1", 5, 6, root));
        assertEquals(6, store.createAnchorJob("line-1", 6, 6, root).lastSeq());
        assertEquals(7, store.append(new RecordDraft("line-1", "batch-completed", "LOT-2", Map.of("verdict", "FAIL")))
                .seq());
        assertEquals("FAIL", store.batches(BatchQuery.newest(1)).batches().get(0).verdict());
    }

    @OnEachDatabase
    void aDatabaseWrittenByANewerReleaseIsRefused(TestDatabase kind) throws SQLException {
        DataSource dataSource = open(kind);
        SchemaMigration.migrate(dataSource);
        execute(dataSource, "INSERT INTO schema_version (version, script, applied_at)"
                + " VALUES (99, 'V99__future.sql', CURRENT_TIMESTAMP)");
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> SchemaMigration.migrate(dataSource));
        assertTrue(refused.getMessage().contains("version 99 (V99__future.sql), newer than this LineLedger"),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("up to " + SchemaMigration.SCRIPTS.size()), refused.getMessage());
    }

    @Test
    void scriptsSplitIntoStatementsWithoutComments() {
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE INDEX i ON a (x)"),
                SchemaMigration.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n"));
    }

    @Test
    void scriptNamesCarryTheirVersion() {
        assertEquals(12, SchemaMigration.versionOf("V12__more.sql"));
        assertThrows(IllegalArgumentException.class, () -> SchemaMigration.versionOf("12_more.sql"));
    }

    private static List<Integer> versions(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            List<Integer> versions = new ArrayList<>();
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
            return versions;
        }
    }

    private static long jobStartingAt(DataSource dataSource, long firstSeq) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT id FROM anchor_jobs WHERE first_seq = ?")) {
            s.setLong(1, firstSeq);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean columnExists(DataSource dataSource, String table, String column) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.columns WHERE LOWER(table_name) = ?"
                        + " AND LOWER(column_name) = ? AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")) {
            s.setString(1, table);
            s.setString(2, column);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    /** In the connection's own schema (a test's PostgreSQL schema, or H2's PUBLIC). */
    private static boolean tableExists(DataSource dataSource, String table) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = ?"
                        + " AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    private static void execute(DataSource dataSource, String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
