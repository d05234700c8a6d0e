package io.lineledger.store.testing;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.internal.JdbcRecordStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;

/**
 * The real {@link JdbcRecordStore} on a fresh in-memory H2 database, for the unit tests of bundles that use a
 * {@code RecordStore}, and the SQL someone with access to the database could run behind its back. Shipped in
 * this module's test jar: depend on it with {@code <type>test-jar</type><scope>test</scope>}.
 */
public final class H2RecordStores {

    private H2RecordStores() {
    }

    /**
     * A fresh, empty database of its own. It outlives its connections, so a second {@link JdbcRecordStore} on it
     * sees what the first one wrote (a restart), and it is dropped when the test JVM exits.
     */
    public static DataSource newDatabase() {
        JdbcDataSource database = new JdbcDataSource();
        database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        database.setUser("sa");
        database.setPassword("");
        return database;
    }

    /** The store on a fresh database, stamping records with the system clock. */
    public static JdbcRecordStore newStore() {
        return new JdbcRecordStore(newDatabase());
    }

    /** The store on a fresh database, stamping records and jobs with {@code clock}. */
    public static JdbcRecordStore newStore(Clock clock) {
        return new JdbcRecordStore(newDatabase(), clock);
    }

    /**
     * Overwrites the stored JSON of record {@code lineId/seq} and nothing else (digest and salt stay): the store
     * reports a {@code TamperedRecordException} when it reads the record.
     */
    public static void tamperJson(DataSource database, String lineId, long seq, String canonicalJson) {
        try (Connection connection = database.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE records SET canonical_json = ? WHERE line_id = ? AND seq = ?")) {
            update.setString(1, canonicalJson);
            update.setString(2, lineId);
            update.setLong(3, seq);
            requireOneRow(update.executeUpdate(), lineId, seq);
        } catch (SQLException e) {
            throw new IllegalStateException("tampering with record " + lineId + "/" + seq + " failed", e);
        }
    }

    /**
     * Replaces record {@code lineId/seq} with {@code replacement} and re-seals it and every later record of the
     * line (same salts and times, new digests, relinked chain), as someone who knows the digest scheme would: the
     * store reads a consistent chain, and only a root anchored before the rewrite tells.
     */
    public static void rewriteFrom(DataSource database, String lineId, long seq, RecordDraft replacement) {
        if (!replacement.lineId().equals(lineId)) {
            throw new IllegalArgumentException("replacement of a record of " + lineId + " is a record of "
                    + replacement.lineId());
        }
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            Bytes32 prev = seq == 1 ? Bytes32.ZERO : storedDigest(connection, lineId, seq - 1);
            List<LineRecord> rewritten = new ArrayList<>();
            for (LineRecord old : storedFrom(connection, lineId, seq)) {
                RecordDraft draft = old.seq() == seq ? replacement
                        : new RecordDraft(old.lineId(), old.type(), old.batchId(), old.fields());
                LineRecord sealed = LineRecord.seal(draft, old.seq(), prev, old.recordedAt(), old.salt());
                rewritten.add(sealed);
                prev = sealed.digest();
            }
            if (rewritten.isEmpty() || rewritten.get(0).seq() != seq) {
                throw new IllegalArgumentException("no record " + lineId + "/" + seq + " to rewrite");
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE records SET record_type = ?, batch_id = ?, prev_digest = ?, digest = ?,"
                            + " canonical_json = ? WHERE line_id = ? AND seq = ?")) {
                for (LineRecord record : rewritten) {
                    update.setString(1, record.type());
                    update.setString(2, record.batchId());
                    update.setString(3, record.prevDigest().hex());
                    update.setString(4, record.digest().hex());
                    update.setString(5, record.canonicalJson());
                    update.setString(6, lineId);
                    update.setLong(7, record.seq());
                    requireOneRow(update.executeUpdate(), lineId, record.seq());
                }
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("rewriting line " + lineId + " from seq " + seq + " failed", e);
        }
    }

    private static Bytes32 storedDigest(Connection connection, String lineId, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT digest FROM records WHERE line_id = ? AND seq = ?")) {
            select.setString(1, lineId);
            select.setLong(2, seq);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no record " + lineId + "/" + seq);
                }
                return Bytes32.fromHex(rs.getString(1).trim());
            }
        }
    }

    private static List<LineRecord> storedFrom(Connection connection, String lineId, long seq) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT canonical_json, salt FROM records WHERE line_id = ? AND seq >= ? ORDER BY seq")) {
            select.setString(1, lineId);
            select.setLong(2, seq);
            List<LineRecord> records = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    records.add(LineRecord.fromCanonical(rs.getString(1), Bytes32.fromHex(rs.getString(2).trim())));
                }
            }
            return records;
        }
    }

    private static void requireOneRow(int updated, String lineId, long seq) {
        if (updated != 1) {
            throw new IllegalArgumentException("no record " + lineId + "/" + seq + " to change");
        }
    }
}
