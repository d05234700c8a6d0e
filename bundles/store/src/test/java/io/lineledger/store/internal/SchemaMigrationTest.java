package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.Test;

class SchemaMigrationTest {

    @Test
    void migrationsApplyOnceAndAreSkippedWhenTheSchemaIsCurrent() {
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sa", "");
        try {
            assertEquals(SchemaMigration.SCRIPTS.size(), SchemaMigration.migrate(pool));
            assertEquals(0, SchemaMigration.migrate(pool));
        } finally {
            pool.dispose();
        }
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
}
