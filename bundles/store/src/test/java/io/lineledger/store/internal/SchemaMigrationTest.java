package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.store.internal.SchemaMigration.Script;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
    void theShippedScriptsRunAgainOverAHalfAppliedSchema(TestDatabase kind) throws SQLException {
        DataSource dataSource = open(kind);
        SchemaMigration.migrate(dataSource);
        // as if the process died after the scripts' DDL but before recording them (what H2 leaves behind)
        execute(dataSource, "DELETE FROM schema_version");
        assertEquals(SchemaMigration.SCRIPTS.size(), SchemaMigration.migrate(dataSource));
        new JdbcRecordStore(dataSource).lastSeq("line-1");
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
