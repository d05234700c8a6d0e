package io.lineledger.store.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordTypes;
import io.lineledger.model.Verdict;
import io.lineledger.store.BatchSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Keeps the batch list's index (tables {@code batches}, {@code batch_gaps}, {@code batch_index_lines}) in step with
 * the records, inside the transaction that appends them: per batch and line its sequence range, record count, times,
 * product and verdict, derived from the records as a certificate derives them, and whether a gap record of the line
 * touches the time it ran. {@code batch_index_lines.indexed_seq} says up to which sequence a line is indexed; records
 * beyond it (a database older than the index, rows restored behind the store's back) are indexed from the table.
 * Callers hold the line's row of {@code batch_index_lines} ({@link #lockIndexedSeq}) for the transaction.
 */
final class BatchIndex {

    static final int PRODUCT_LENGTH = 500;
    static final int VERDICT_LENGTH = 100;
    /** Records read from the table per round when indexing stored records. */
    static final int STORED_CHUNK = 20_000;

    private static final String INCOMPLETE = Verdict.INCOMPLETE.name();
    private static final String PASS = Verdict.PASS.name();

    private BatchIndex() {
    }

    /**
     * A record as the index sees it.
     *
     * @param fields the record's fields for the types whose fields the index reads (see {@link #readsFields}), else
     *               an empty map; an empty map too when a stored record is unreadable
     */
    record Entry(long seq, String type, String batchId, Instant recordedAt, Map<String, Object> fields) {

        static Entry of(LineRecord record) {
            return new Entry(record.seq(), record.type(), record.batchId(), record.recordedAt(),
                    readsFields(record.type()) ? record.fields() : Map.of());
        }
    }

    /** The record types whose fields the index reads: the batch's start and completion, and the line's gaps. */
    static boolean readsFields(String type) {
        return RecordTypes.BATCH_STARTED.equals(type) || RecordTypes.BATCH_COMPLETED.equals(type)
                || RecordTypes.GAP.equals(type);
    }

    /** The line's indexed sequence, its row locked for the rest of the transaction; -1 when the line has no row. */
    static long lockIndexedSeq(Connection connection, String lineId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT indexed_seq FROM batch_index_lines WHERE line_id = ? FOR UPDATE")) {
            statement.setString(1, lineId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    /** Records that the line is indexed up to {@code seq}; {@code rowExists} as {@link #lockIndexedSeq} found it. */
    static void setIndexedSeq(Connection connection, String lineId, long seq, boolean rowExists) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(rowExists
                ? "UPDATE batch_index_lines SET indexed_seq = ? WHERE line_id = ?"
                : "INSERT INTO batch_index_lines (indexed_seq, line_id) VALUES (?, ?)")) {
            statement.setLong(1, seq);
            statement.setString(2, lineId);
            statement.executeUpdate();
        }
    }

    /**
     * Brings the line's index up to {@code lastSeq}, its last stored record, reading from the table what lies beyond
     * {@code indexedSeq} (as {@link #lockIndexedSeq} returned it); an index ahead of the records (rows deleted at the
     * line's end behind the store's back) is rebuilt. Does not write {@code indexed_seq}. Returns how many records it
     * indexed.
     */
    static long catchUp(Connection connection, String lineId, long indexedSeq, long lastSeq) throws SQLException {
        long from = Math.max(indexedSeq, 0);
        if (from > lastSeq) {
            forgetLine(connection, lineId);
            from = 0;
        }
        long indexed = 0;
        while (from < lastSeq) {
            long to = Math.min(lastSeq, from + STORED_CHUNK);
            List<Entry> entries = stored(connection, lineId, from, to);
            index(connection, lineId, entries);
            indexed += entries.size();
            from = to;
        }
        return indexed;
    }

    private static void forgetLine(Connection connection, String lineId) throws SQLException {
        for (String table : List.of("batches", "batch_gaps")) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE line_id = ?")) {
                delete.setString(1, lineId);
                delete.executeUpdate();
            }
        }
    }

    /** Stored records of the line in {@code (after, upTo]}, their JSON read only where the index needs fields. */
    private static List<Entry> stored(Connection connection, String lineId, long after, long upTo)
            throws SQLException {
        String withFields = "r.record_type IN ('" + RecordTypes.BATCH_STARTED + "', '" + RecordTypes.BATCH_COMPLETED
                + "', '" + RecordTypes.GAP + "')";
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT r.seq, r.record_type, r.batch_id, r.recorded_at,"
                        + " CASE WHEN " + withFields + " THEN r.canonical_json END,"
                        + " CASE WHEN " + withFields + " THEN r.salt END"
                        + " FROM records r WHERE r.line_id = ? AND r.seq > ? AND r.seq <= ? ORDER BY r.line_id, r.seq")) {
            statement.setString(1, lineId);
            statement.setLong(2, after);
            statement.setLong(3, upTo);
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    String json = rs.getString(5);
                    Map<String, Object> fields = Map.of();
                    if (json != null) {
                        try {
                            fields = LineRecord.fromCanonical(json, Bytes32.fromHex(rs.getString(6).trim())).fields();
                        } catch (RuntimeException e) {
                            // unreadable (tampered): indexed without fields; its certificate names the record
                        }
                    }
                    entries.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, OffsetDateTime.class).toInstant(), fields));
                }
            }
            return entries;
        }
    }

    /** Indexes records of one line, in sequence order, that follow everything indexed of the line so far. */
    static void index(Connection connection, String lineId, List<Entry> entries) throws SQLException {
        Map<String, Batch> batches = new LinkedHashMap<>();
        List<Gap> gaps = new ArrayList<>();
        for (Entry entry : entries) {
            if (entry.batchId() != null) {
                batches.computeIfAbsent(entry.batchId(), id -> new Batch()).add(entry);
            }
            if (RecordTypes.GAP.equals(entry.type())) {
                gaps.add(Gap.of(entry));
            }
        }
        insertGaps(connection, lineId, gaps);
        for (Map.Entry<String, Batch> batch : batches.entrySet()) {
            upsert(connection, lineId, batch.getKey(), batch.getValue());
        }
        // batches that ran when a new gap happened: their PASS no longer stands
        for (Gap gap : gaps) {
            markGapped(connection, lineId, gap);
        }
    }

    // ---- batches ---------------------------------------------------------------------------------------

    /** What a run of records says about one batch. */
    private static final class Batch {
        long records;
        long firstSeq;
        long lastSeq;
        Instant firstRecordedAt;
        Instant minRecordedAt;
        Instant maxRecordedAt;
        /** The first batch-started record's time and product, if the run has one. */
        Instant startedAt;
        String startProduct;
        boolean hasStart;
        /** The last batch-completed record's time, product and verdict, if the run has one. */
        Instant completedAt;
        String endProduct;
        String recordedVerdict;

        void add(Entry entry) {
            if (records == 0) {
                firstSeq = entry.seq();
                firstRecordedAt = entry.recordedAt();
                minRecordedAt = entry.recordedAt();
                maxRecordedAt = entry.recordedAt();
            }
            records++;
            lastSeq = entry.seq();
            minRecordedAt = min(minRecordedAt, entry.recordedAt());
            maxRecordedAt = max(maxRecordedAt, entry.recordedAt());
            if (RecordTypes.BATCH_STARTED.equals(entry.type()) && !hasStart) {
                hasStart = true;
                startedAt = entry.recordedAt();
                startProduct = text(entry.fields().get("product"), PRODUCT_LENGTH);
            } else if (RecordTypes.BATCH_COMPLETED.equals(entry.type())) {
                // the last word on the batch counts
                completedAt = entry.recordedAt();
                endProduct = text(entry.fields().get("product"), PRODUCT_LENGTH);
                recordedVerdict = text(entry.fields().get("verdict"), VERDICT_LENGTH);
            }
        }
    }

    /** A row of {@code batches}. */
    private static final class Row {
        long firstSeq;
        long lastSeq;
        long records;
        Instant firstRecordedAt;
        Instant lastRecordedAt;
        Instant startedAt;
        boolean hasStart;
        Instant completedAt;
        String startProduct;
        String endProduct;
        String recordedVerdict;
        boolean gapped;

        String product() {
            return startProduct != null ? startProduct : endProduct;
        }

        /** As the certificate states it, with RUNNING before completion. */
        String verdict() {
            if (completedAt == null) {
                return BatchSummary.RUNNING;
            }
            if (recordedVerdict == null) {
                return BatchSummary.UNKNOWN;
            }
            return gapped && PASS.equals(recordedVerdict) ? INCOMPLETE : recordedVerdict;
        }
    }

    private static final String ROW_COLUMNS = "first_seq, last_seq, records, first_recorded_at, last_recorded_at,"
            + " started_at, has_start, completed_at, start_product, end_product, recorded_verdict, gapped";

    private static void upsert(Connection connection, String lineId, String batchId, Batch batch)
            throws SQLException {
        Row row = read(connection, lineId, batchId);
        boolean exists = row != null;
        Instant oldStartedAt = exists ? row.startedAt : null;
        Instant oldCompletedAt = exists ? row.completedAt : null;
        if (!exists) {
            row = new Row();
            row.firstSeq = batch.firstSeq;
            row.firstRecordedAt = batch.minRecordedAt;
            row.lastRecordedAt = batch.maxRecordedAt;
            row.startedAt = batch.firstRecordedAt; // until a batch-started record says otherwise
        } else {
            row.firstSeq = Math.min(row.firstSeq, batch.firstSeq);
            row.firstRecordedAt = min(row.firstRecordedAt, batch.minRecordedAt);
            row.lastRecordedAt = max(row.lastRecordedAt, batch.maxRecordedAt);
        }
        row.lastSeq = Math.max(row.lastSeq, batch.lastSeq);
        row.records += batch.records;
        if (batch.hasStart && !row.hasStart) {
            row.hasStart = true;
            row.startedAt = batch.startedAt;
            row.startProduct = batch.startProduct;
        }
        if (batch.completedAt != null) {
            row.completedAt = batch.completedAt;
            row.endProduct = batch.endProduct;
            row.recordedVerdict = batch.recordedVerdict;
        }
        if (!exists || !row.startedAt.equals(oldStartedAt) || !Objects.equals(row.completedAt, oldCompletedAt)) {
            row.gapped = touchedByGap(connection, lineId, row.startedAt, row.completedAt);
        }
        write(connection, lineId, batchId, row, exists);
    }

    private static Row read(Connection connection, String lineId, String batchId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + ROW_COLUMNS + " FROM batches WHERE batch_id = ? AND line_id = ?")) {
            statement.setString(1, batchId);
            statement.setString(2, lineId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Row row = new Row();
                row.firstSeq = rs.getLong(1);
                row.lastSeq = rs.getLong(2);
                row.records = rs.getLong(3);
                row.firstRecordedAt = instant(rs, 4);
                row.lastRecordedAt = instant(rs, 5);
                row.startedAt = instant(rs, 6);
                row.hasStart = rs.getBoolean(7);
                row.completedAt = instant(rs, 8);
                row.startProduct = rs.getString(9);
                row.endProduct = rs.getString(10);
                row.recordedVerdict = rs.getString(11);
                row.gapped = rs.getBoolean(12);
                return row;
            }
        }
    }

    private static void write(Connection connection, String lineId, String batchId, Row row, boolean exists)
            throws SQLException {
        String sql = exists
                ? "UPDATE batches SET first_seq = ?, last_seq = ?, records = ?, first_recorded_at = ?,"
                        + " last_recorded_at = ?, started_at = ?, has_start = ?, completed_at = ?, start_product = ?,"
                        + " end_product = ?, recorded_verdict = ?, gapped = ?, product = ?, verdict = ?"
                        + " WHERE batch_id = ? AND line_id = ?"
                : "INSERT INTO batches (" + ROW_COLUMNS + ", product, verdict, batch_id, line_id)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, row.firstSeq);
            statement.setLong(2, row.lastSeq);
            statement.setLong(3, row.records);
            statement.setObject(4, utc(row.firstRecordedAt));
            statement.setObject(5, utc(row.lastRecordedAt));
            statement.setObject(6, utc(row.startedAt));
            statement.setBoolean(7, row.hasStart);
            statement.setObject(8, utc(row.completedAt));
            statement.setString(9, row.startProduct);
            statement.setString(10, row.endProduct);
            statement.setString(11, row.recordedVerdict);
            statement.setBoolean(12, row.gapped);
            statement.setString(13, row.product());
            statement.setString(14, row.verdict());
            statement.setString(15, batchId);
            statement.setString(16, lineId);
            statement.executeUpdate();
        }
    }

    // ---- gaps ------------------------------------------------------------------------------------------

    /**
     * A gap record: its time and blind interval, widened to whole microseconds (what both databases store), so that
     * the index never misses a gap the certificate finds. Null bounds: the record is unreadable, and a gap that cannot
     * be read still means the line was not observed.
     */
    private record Gap(long seq, Instant recordedAt, Instant from, Instant to) {

        static Gap of(Entry entry) {
            try {
                Instant from = Instant.parse((String) entry.fields().get("from"));
                Instant to = Instant.parse((String) entry.fields().get("to"));
                if (!to.isBefore(from)) {
                    Instant floor = from.truncatedTo(ChronoUnit.MICROS);
                    Instant ceiling = to.truncatedTo(ChronoUnit.MICROS);
                    return new Gap(entry.seq(), entry.recordedAt(), floor,
                            ceiling.equals(to) ? to : ceiling.plus(1, ChronoUnit.MICROS));
                }
            } catch (ClassCastException | NullPointerException | DateTimeParseException e) {
                // unreadable: touches everything below
            }
            return new Gap(entry.seq(), entry.recordedAt(), null, null);
        }
    }

    private static void insertGaps(Connection connection, String lineId, List<Gap> gaps) throws SQLException {
        if (gaps.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO batch_gaps (line_id, seq, recorded_at, blind_from, blind_to) VALUES (?, ?, ?, ?, ?)")) {
            for (Gap gap : gaps) {
                insert.setString(1, lineId);
                insert.setLong(2, gap.seq());
                insert.setObject(3, utc(gap.recordedAt()));
                insert.setObject(4, utc(gap.from()));
                insert.setObject(5, utc(gap.to()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * Whether a gap of the line touches a batch that ran from {@code startedAt} to {@code completedAt} (null: runs
     * still), as the certificate finds them: gap records since the start whose blind interval overlaps the run.
     */
    private static boolean touchedByGap(Connection connection, String lineId, Instant startedAt, Instant completedAt)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT 1 FROM batch_gaps g WHERE g.line_id = ? AND g.recorded_at >= ?"
                        + " AND (g.blind_to IS NULL OR g.blind_to >= ?)"
                        + (completedAt == null ? "" : " AND (g.blind_from IS NULL OR g.blind_from <= ?)")
                        + " FETCH FIRST 1 ROWS ONLY")) {
            statement.setString(1, lineId);
            statement.setObject(2, utc(startedAt));
            statement.setObject(3, utc(startedAt));
            if (completedAt != null) {
                statement.setObject(4, utc(completedAt));
            }
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Marks the line's batches a new gap touches (the same rule as {@link #touchedByGap}, seen from the gap). */
    private static void markGapped(Connection connection, String lineId, Gap gap) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE batches SET gapped = TRUE, verdict = CASE WHEN completed_at IS NOT NULL"
                        + " AND recorded_verdict = '" + PASS + "' THEN '" + INCOMPLETE + "' ELSE verdict END"
                        + " WHERE line_id = ? AND gapped = FALSE AND started_at <= ?"
                        + (gap.to() == null ? "" : " AND started_at <= ?")
                        + (gap.from() == null ? "" : " AND (completed_at IS NULL OR completed_at >= ?)"))) {
            int i = 1;
            update.setString(i++, lineId);
            update.setObject(i++, utc(gap.recordedAt()));
            if (gap.to() != null) {
                update.setObject(i++, utc(gap.to()));
            }
            if (gap.from() != null) {
                update.setObject(i, utc(gap.from()));
            }
            update.executeUpdate();
        }
    }

    // ---- finding records through the index ---------------------------------------------------------------

    /*
     * Table records has no index but its primary key (line_id, seq): the index's rows say where a batch's records and
     * a line's gap records lie on it. A reader first reads how far the lines are indexed, then the index's rows (which
     * cover at least that far, as the two are committed together), then the records up to there through the key; what
     * lies beyond a line's indexed sequence (normally nothing) it scans along the key too.
     */

    /** How far the line is indexed; 0 when it has no row (all of its records lie beyond). */
    static long indexedSeq(Connection connection, String lineId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT indexed_seq FROM batch_index_lines WHERE line_id = ?")) {
            statement.setString(1, lineId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Math.max(rs.getLong(1), 0) : 0;
            }
        }
    }

    /** How far each line with a row is indexed. */
    static Map<String, Long> indexedSeqs(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT line_id, indexed_seq FROM batch_index_lines");
             ResultSet rs = statement.executeQuery()) {
            Map<String, Long> seqs = new LinkedHashMap<>();
            while (rs.next()) {
                seqs.put(rs.getString(1), Math.max(rs.getLong(2), 0));
            }
            return seqs;
        }
    }

    /** Where a batch's indexed records lie on one line: every one within {@code firstSeq..lastSeq}. */
    record Span(String lineId, long firstSeq, long lastSeq, boolean hasStart) {
    }

    /** The batch's spans, one per line it has indexed records on. */
    static List<Span> spans(Connection connection, String batchId) throws SQLException {
        return spans(connection, batchId, null);
    }

    /** The batch's span on one line, if it has indexed records there. */
    static Optional<Span> span(Connection connection, String batchId, String lineId) throws SQLException {
        return spans(connection, batchId, lineId).stream().findFirst();
    }

    private static List<Span> spans(Connection connection, String batchId, String lineId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT line_id, first_seq, last_seq, has_start FROM batches WHERE batch_id = ?"
                        + (lineId == null ? "" : " AND line_id = ?"))) {
            statement.setString(1, batchId);
            if (lineId != null) {
                statement.setString(2, lineId);
            }
            List<Span> spans = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    spans.add(new Span(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)));
                }
            }
            return spans;
        }
    }

    // ---- values ----------------------------------------------------------------------------------------

    /** A field as the certificate shows it (its text), cut to the column's length. */
    private static String text(Object value, int length) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return text.length() > length ? text.substring(0, length) : text;
    }

    private static Instant min(Instant a, Instant b) {
        return b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return b.isAfter(a) ? b : a;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
