package io.lineledger.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the schema up to date with the versioned scripts {@code db/migration/V<n>__<name>.sql}, recorded in
 * table {@code schema_version}. Not Flyway: 9.x (the last line with an OSGi manifest) loads its plug-ins
 * through a ServiceLoader that needs Gson, which its manifest does not import, so it fails inside Karaf;
 * 10+ split databases into ServiceLoader modules. The scripts are listed here rather than scanned, because
 * scanning bundle resources is the part that breaks in OSGi.
 */
public final class SchemaMigration {

    /** Every migration, in order. Append new ones; never edit or reorder an applied one. */
    static final List<String> SCRIPTS = List.of(
            "V1__records_and_anchor_jobs.sql",
            "V2__line_fences.sql",
            "V3__record_type_index.sql",
            "V4__batch_seals.sql",
            "V5__anchor_coverage_by_range.sql",
            "V6__batch_index.sql",
            "V7__no_digest_index.sql",
            "V8__records_primary_key_only.sql");

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigration.class);
    private static final String LOCATION = "db/migration/";

    private SchemaMigration() {
    }

    /** Applies pending migrations in one transaction each; returns how many were applied. */
    public static int migrate(DataSource dataSource) {
        return migrate(dataSource, shipped());
    }

    /** The shipped scripts with their text, in order. */
    static List<Script> shipped() {
        return SCRIPTS.stream().map(name -> new Script(name, read(name))).toList();
    }

    /**
     * A migration script and its text. Scripts must be idempotent ({@code IF NOT EXISTS}): on H2 every DDL
     * statement commits at once, so a crash or error midway leaves part of a script applied, and the next start
     * runs the whole script again. On PostgreSQL DDL is transactional and a failed script leaves nothing.
     */
    record Script(String name, String sql) {
        int version() {
            return versionOf(name);
        }
    }

    static synchronized int migrate(DataSource dataSource, List<Script> scripts) {
        try (Connection connection = dataSource.getConnection()) {
            createVersionTable(connection);
            int current = currentVersion(connection);
            int known = scripts.stream().mapToInt(Script::version).max().orElse(0);
            if (current > known) {
                throw new IllegalStateException("the database schema is at version " + current + " ("
                        + scriptOf(connection, current) + "), newer than this LineLedger, which knows versions up to "
                        + known + ": it was written by a newer release. Run that release, or restore a backup made"
                        + " before the upgrade; this one refuses to change or read it.");
            }
            int applied = 0;
            for (Script script : scripts) {
                if (script.version() > current) {
                    apply(connection, script);
                    applied++;
                }
            }
            return applied;
        } catch (SQLException e) {
            throw new IllegalStateException("schema migration failed: " + e.getMessage(), e);
        }
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL PRIMARY KEY,"
                    + " script VARCHAR(200) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
        }
    }

    private static int currentVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT MAX(version) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String scriptOf(Connection connection, int version) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT script FROM schema_version WHERE version = ?")) {
            statement.setInt(1, version);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getString(1) : "unknown script";
            }
        }
    }

    private static void apply(Connection connection, Script script) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement();
             PreparedStatement record = connection.prepareStatement(
                     "INSERT INTO schema_version (version, script, applied_at) VALUES (?, ?, ?)")) {
            for (String sql : statements(script.sql())) {
                statement.execute(sql);
            }
            // recorded last: a script counts as applied only once all of it ran; the primary key stops a second
            // process from recording the same version twice
            record.setInt(1, script.version());
            record.setString(2, script.name());
            record.setObject(3, OffsetDateTime.now(ZoneOffset.UTC));
            record.executeUpdate();
            connection.commit();
            LOG.info("Applied schema migration {}", script.name());
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw new SQLException("migration " + script.name() + " failed (it runs again in full on the next"
                    + " start): " + e.getMessage(), e instanceof SQLException sql ? sql.getSQLState() : null, e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    static int versionOf(String script) {
        int end = script.indexOf("__");
        if (!script.startsWith("V") || end < 2) {
            throw new IllegalArgumentException("migration script name must be V<n>__<name>.sql, got " + script);
        }
        return Integer.parseInt(script.substring(1, end));
    }

    private static String read(String script) {
        try (InputStream in = SchemaMigration.class.getClassLoader().getResourceAsStream(LOCATION + script)) {
            if (in == null) {
                throw new IllegalStateException("migration script " + LOCATION + script + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration script " + LOCATION + script, e);
        }
    }

    /** Splits a script on semicolons at line ends, dropping {@code --} comment lines (the scripts are plain DDL). */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
