package io.lineledger.faults;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The store's rows, read directly (H2 file or PostgreSQL) once Karaf is stopped. */
final class StoreContents {

    /** A stored record; {@code record} is null when its JSON no longer parses. */
    record StoredRecord(String lineId, long seq, String type, String batchId, String digest, Long anchorJobId,
                        LineRecord record, boolean digestMatches) { }

    /** A row of the anchoring outbox. */
    record StoredJob(long id, String lineId, long firstSeq, long lastSeq, String root, String status) { }

    final List<StoredRecord> records = new ArrayList<>();
    final Map<Long, StoredJob> jobs = new HashMap<>();

    static StoreContents read(String jdbcUrl, String user, String password) throws SQLException {
        StoreContents contents = new StoreContents();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
             Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery(
                    "SELECT id, line_id, first_seq, last_seq, root, status FROM anchor_jobs")) {
                while (rows.next()) {
                    contents.jobs.put(rows.getLong(1), new StoredJob(rows.getLong(1), rows.getString(2),
                            rows.getLong(3), rows.getLong(4), rows.getString(5).trim(), rows.getString(6)));
                }
            }
            // a record's job is the one whose range holds it (the store no longer marks record rows)
            try (ResultSet rows = statement.executeQuery("SELECT r.line_id, r.seq, r.record_type, r.batch_id, r.digest,"
                    + " r.salt, r.canonical_json, (SELECT j.id FROM anchor_jobs j WHERE j.line_id = r.line_id"
                    + " AND r.seq BETWEEN j.first_seq AND j.last_seq) FROM records r ORDER BY r.line_id, r.seq")) {
                while (rows.next()) {
                    String digest = rows.getString(5).trim();
                    long job = rows.getLong(8);
                    Long jobId = rows.wasNull() ? null : job;
                    LineRecord record = null;
                    try {
                        record = LineRecord.fromCanonical(rows.getString(7), Bytes32.fromHex(rows.getString(6).trim()));
                    } catch (RuntimeException e) {
                        // counted as a digest mismatch below
                    }
                    contents.records.add(new StoredRecord(rows.getString(1), rows.getLong(2), rows.getString(3),
                            rows.getString(4), digest, jobId, record,
                            record != null && record.digest().hex().equalsIgnoreCase(digest)));
                }
            }
        }
        return contents;
    }
}
