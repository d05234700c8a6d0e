package io.lineledger.store.internal;

import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSummary;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers a {@link BatchQuery} from the batch index ({@link BatchIndex}): filters, count and page in SQL on the
 * index's columns, latest started first.
 *
 * <p>Anchoring is derived from the jobs ({@link AnchorCoverage}): the batches still waiting for an anchor are those
 * reaching into a line's waiting ranges, normally its last few, found along {@code ix_batches_line_last}. With them in
 * hand, the "pending" list is that set filtered here, and the "anchored" list is the filtered list without them
 * (counted as the difference, paged by stepping over them): neither tests every batch. Only when very many batches
 * wait (anchoring stopped for long) does the condition go into the SQL, batch by batch.
 */
final class BatchListing {

    /** Beyond this many waiting batches the anchor filter is a SQL condition instead. */
    static final int MAX_WAITING = 5_000;

    private static final String COLUMNS = "b.batch_id, b.line_id, b.first_recorded_at, b.last_recorded_at, b.records,"
            + " b.product, b.started_at, b.completed_at, b.verdict, b.first_seq, b.last_seq";
    /** Latest started first; the ties broken so that pages never overlap. */
    private static final String ORDER = "b.started_at DESC, b.first_seq DESC, b.batch_id DESC, b.line_id DESC";
    /** The same order, for rows in hand. */
    private static final Comparator<Key> NEWEST_FIRST = Comparator.comparing(Key::startedAt)
            .thenComparingLong(Key::firstSeq).thenComparing(Key::batchId).thenComparing(Key::lineId).reversed();
    /** A row's place in the list: columns every ordering index holds, so that H2 pages along an index alone. */
    private static final String KEY_COLUMNS = "b.started_at, b.first_seq, b.batch_id, b.line_id";

    /** Where a row stands in the list, and which row it is. */
    private record Key(Instant startedAt, long firstSeq, String batchId, String lineId) {

        String id() {
            return lineId + '\u0000' + batchId;
        }
    }

    private BatchListing() {
    }

    /** A row of the index, as read. */
    private record Row(String batchId, String lineId, Instant firstRecordedAt, Instant lastRecordedAt, long records,
                       String product, Instant startedAt, Instant completedAt, String verdict, long firstSeq,
                       long lastSeq) {

        static Row read(ResultSet rs) throws SQLException {
            return new Row(rs.getString(1), rs.getString(2), instant(rs, 3), instant(rs, 4), rs.getLong(5),
                    rs.getString(6), instant(rs, 7), instant(rs, 8), rs.getString(9), rs.getLong(10),
                    rs.getLong(11));
        }

        Key key() {
            return new Key(startedAt, firstSeq, batchId, lineId);
        }
    }

    /** @param count whether to count every matching batch (else the page's total is what it holds past the offset) */
    static BatchPage page(Connection connection, BatchQuery query, boolean count) throws SQLException {
        return page(connection, query, count, MAX_WAITING);
    }

    /** @param maxWaiting beyond this many waiting batches the anchor filter is a SQL condition */
    static BatchPage page(Connection connection, BatchQuery query, boolean count, int maxWaiting)
            throws SQLException {
        List<String> lines = query.lineId() != null ? List.of(query.lineId()) : indexedLines(connection);
        AnchorCoverage coverage = AnchorCoverage.read(connection, lines);
        List<Row> waiting = waitingRows(connection, coverage, lines, maxWaiting); // null: too many to hold
        Set<String> waitingKeys = new HashSet<>();
        if (waiting != null) {
            waiting.forEach(row -> waitingKeys.add(row.key().id()));
        }
        List<Row> rows;
        long total;
        if (query.anchorState() != null && waiting != null) {
            List<Row> matching = waiting.stream().filter(row -> matchesFilters(query, row))
                    .sorted(Comparator.comparing(Row::key, NEWEST_FIRST)).toList();
            if (query.anchorState() == BatchQuery.AnchorState.PENDING) {
                total = matching.size();
                rows = matching.subList(Math.min(query.offset(), matching.size()),
                        (int) Math.min((long) query.offset() + query.limit(), matching.size()));
            } else {
                Where where = where(query, null);
                total = count ? count(connection, where) - matching.size() : -1;
                rows = rows(connection, pageWithout(connection, query, where,
                        matching.stream().map(Row::key).toList(), waitingKeys));
            }
        } else {
            Where where = where(query, coverage);
            total = count ? count(connection, where) : -1;
            rows = query.limit() == 0 || total == 0 ? List.of()
                    : rows(connection, keys(connection, query, where, query.offset(), query.limit()));
        }
        List<BatchSummary> batches = new ArrayList<>(rows.size());
        for (Row row : rows) {
            // asked of each row as read: records appended since the waiting batches were found wait too
            long waitingRecords = waitingRecords(connection, coverage, row);
            if (waitingRecords > 0 && query.anchorState() == BatchQuery.AnchorState.ANCHORED) {
                continue; // it changed while the list was read: never listed as anchored
            }
            batches.add(new BatchSummary(row.batchId(), row.lineId(), row.firstRecordedAt(), row.lastRecordedAt(),
                    row.records(), Math.max(0, row.records() - waitingRecords), row.product(), row.startedAt(),
                    row.completedAt(), row.verdict()));
        }
        return new BatchPage(query, batches, count ? total : (long) query.offset() + batches.size());
    }

    /** Lines the index holds (a line gets its row with its first indexed record). */
    private static List<String> indexedLines(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT line_id FROM batch_index_lines ORDER BY line_id");
             ResultSet rs = statement.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return lines;
        }
    }

    // ---- the batches still waiting for an anchor ---------------------------------------------------------

    /**
     * Every batch with a record in a waiting range, or null when more than {@code maxWaiting} batches reach into
     * those ranges. Candidates are the batches of a line ending at or after its first waiting sequence (an index
     * range); one whose first or last record lies in a waiting range waits, one spanning a range asks its records.
     */
    private static List<Row> waitingRows(Connection connection, AnchorCoverage coverage, List<String> lines,
                                         int maxWaiting) throws SQLException {
        List<Row> waiting = new ArrayList<>();
        int candidates = 0;
        for (String lineId : lines) {
            long from = coverage.waiting(lineId).get(0).first();
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + " FROM batches b"
                    + " WHERE b.line_id = ? AND b.last_seq >= ? FETCH FIRST ? ROWS ONLY")) {
                statement.setString(1, lineId);
                statement.setLong(2, from);
                statement.setInt(3, maxWaiting + 1 - candidates);
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        if (++candidates > maxWaiting) {
                            return null;
                        }
                        Row row = Row.read(rs);
                        if (waits(connection, coverage, row)) {
                            waiting.add(row);
                        }
                    }
                }
            }
        }
        return waiting;
    }

    private static boolean waits(Connection connection, AnchorCoverage coverage, Row row) throws SQLException {
        for (AnchorCoverage.Range range : coverage.waitingWithin(row.lineId(), row.firstSeq(), row.lastSeq())) {
            boolean endInside = row.firstSeq() >= range.first() || row.lastSeq() <= range.last();
            if (endInside || hasRecordIn(connection, row, range)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasRecordIn(Connection connection, Row row, AnchorCoverage.Range range)
            throws SQLException {
        // along the primary key, within the batch's span (records has no index on batch_id)
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM records r WHERE r.line_id = ?"
                + " AND r.seq BETWEEN ? AND ? AND r.batch_id = ? FETCH FIRST 1 ROWS ONLY")) {
            statement.setString(1, row.lineId());
            statement.setLong(2, Math.max(range.first(), row.firstSeq()));
            statement.setLong(3, Math.min(range.last(), row.lastSeq()));
            statement.setString(4, row.batchId());
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Records of the batch in the line's waiting ranges (all of them on a line the coverage does not know). */
    private static long waitingRecords(Connection connection, AnchorCoverage coverage, Row row) throws SQLException {
        List<AnchorCoverage.Range> ranges = coverage.waitingWithin(row.lineId(), row.firstSeq(), row.lastSeq());
        if (ranges.isEmpty()) {
            return 0;
        }
        for (AnchorCoverage.Range range : ranges) {
            if (range.first() <= row.firstSeq() && row.lastSeq() <= range.last()) {
                return row.records(); // all of it waits (the newest batches: after the last job)
            }
        }
        // along the primary key, within the batch's span (records has no index on batch_id)
        StringBuilder sql = new StringBuilder("SELECT COUNT(*) FROM records r WHERE r.line_id = ?"
                + " AND r.seq BETWEEN ? AND ? AND r.batch_id = ? AND (");
        for (int i = 0; i < ranges.size(); i++) {
            sql.append(i == 0 ? "" : " OR ").append("r.seq BETWEEN ? AND ?");
        }
        try (PreparedStatement statement = connection.prepareStatement(sql.append(')').toString())) {
            statement.setString(1, row.lineId());
            statement.setLong(2, row.firstSeq());
            statement.setLong(3, row.lastSeq());
            statement.setString(4, row.batchId());
            int i = 5;
            for (AnchorCoverage.Range range : ranges) {
                statement.setLong(i++, range.first());
                statement.setLong(i++, range.last());
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The query's filters but the anchor state, on a row in hand (as {@link #where} says them in SQL). */
    private static boolean matchesFilters(BatchQuery query, Row row) {
        return (query.lineId() == null || query.lineId().equals(row.lineId()))
                && (query.product() == null
                        || cut(query.product(), BatchIndex.PRODUCT_LENGTH).equals(row.product()))
                && (query.verdict() == null || cut(query.verdict(), BatchIndex.VERDICT_LENGTH).equals(row.verdict()))
                && (query.startedFrom() == null || !row.startedAt().isBefore(query.startedFrom()))
                && (query.startedBefore() == null || row.startedAt().isBefore(query.startedBefore()));
    }

    /**
     * The page of the filtered list with the {@code skipped} rows (in list order) taken out. Position {@code p} of the
     * filtered list has {@code offset} kept rows before it when the skipped rows before it number {@code p - offset};
     * stepping {@code c} to the count of skipped rows before position {@code offset + c} reaches that point (the
     * skipped rows are few and mostly the newest, so this takes a step or two).
     */
    private static List<Key> pageWithout(Connection connection, BatchQuery query, Where where, List<Key> skipped,
                                         Set<String> skippedIds) throws SQLException {
        if (query.limit() == 0) {
            return List.of();
        }
        int c = 0;
        while (true) {
            List<Key> at = keys(connection, query, where, query.offset() + c, 1);
            if (at.isEmpty()) {
                return List.of(); // past the end
            }
            int before = 0;
            for (Key key : skipped) {
                if (NEWEST_FIRST.compare(key, at.get(0)) < 0) {
                    before++;
                }
            }
            if (before == c) {
                break;
            }
            c = before;
        }
        List<Key> keys = new ArrayList<>(query.limit());
        for (Key key : keys(connection, query, where, query.offset() + c, query.limit() + skipped.size() - c)) {
            if (!skippedIds.contains(key.id()) && keys.size() < query.limit()) {
                keys.add(key);
            }
        }
        return keys;
    }

    // ---- SQL -------------------------------------------------------------------------------------------

    private static long count(Connection connection, Where where) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT COUNT(*) FROM batches b" + where.sql())) {
            where.bind(statement, 1);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * The keys of a stretch of the list: read along the ordering index alone (H2 skips an offset's rows without
     * reading them when every column it needs is in the index).
     */
    private static List<Key> keys(Connection connection, BatchQuery query, Where where, int offset, int limit)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + KEY_COLUMNS + " FROM batches b"
                + where.sql() + orderBy(query) + " OFFSET ? ROWS FETCH NEXT ? ROWS ONLY")) {
            int next = where.bind(statement, 1);
            statement.setInt(next, offset);
            statement.setInt(next + 1, limit);
            List<Key> keys = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    keys.add(new Key(instant(rs, 1), rs.getLong(2), rs.getString(3), rs.getString(4)));
                }
            }
            return keys;
        }
    }

    /** The rows of these keys, in their order (one read by primary key). */
    private static List<Row> rows(Connection connection, List<Key> keys) throws SQLException {
        if (keys.isEmpty()) {
            return List.of();
        }
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM batches b WHERE b.batch_id IN (");
        for (int i = 0; i < keys.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        Map<String, Row> byId = new HashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(sql.append(')').toString())) {
            for (int i = 0; i < keys.size(); i++) {
                statement.setString(i + 1, keys.get(i).batchId());
            }
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    Row row = Row.read(rs);
                    byId.put(row.key().id(), row); // a batch of several lines: only the listed line's row is used
                }
            }
        }
        List<Row> rows = new ArrayList<>(keys.size());
        for (Key key : keys) {
            Row row = byId.get(key.id());
            if (row != null) { // gone since its key was read: the index of its line was rebuilt meanwhile
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * The order, led by the column of an equality filter, so that it is the order of that filter's index: H2 reads an
     * index backwards only for an ORDER BY of all its columns, descending (the lead column is one value anyway).
     */
    private static String orderBy(BatchQuery query) {
        if (query.lineId() != null) {
            return " ORDER BY b.line_id DESC, b.started_at DESC, b.first_seq DESC, b.batch_id DESC";
        }
        String lead = query.product() != null ? "b.product DESC, " : query.verdict() != null ? "b.verdict DESC, " : "";
        return " ORDER BY " + lead + ORDER;
    }

    /** SQL text with its parameters, in order. */
    private record Where(StringBuilder text, List<Object> parameters) {

        Where() {
            this(new StringBuilder(), new ArrayList<>());
        }

        void and(String condition, Object... values) {
            text.append(text.isEmpty() ? " WHERE " : " AND ").append(condition);
            parameters.addAll(List.of(values));
        }

        String sql() {
            return text.toString();
        }

        /** Binds the parameters from {@code index} on; returns the next free index. */
        int bind(PreparedStatement statement, int index) throws SQLException {
            for (Object value : parameters) {
                if (value instanceof Instant instant) {
                    statement.setObject(index++, BatchIndex.utc(instant));
                } else if (value instanceof Long number) {
                    statement.setLong(index++, number);
                } else {
                    statement.setString(index++, (String) value);
                }
            }
            return index;
        }
    }

    /** @param coverage for an anchor state filter in SQL; null: leave the anchor state out */
    private static Where where(BatchQuery query, AnchorCoverage coverage) {
        Where where = new Where();
        if (query.lineId() != null) {
            where.and("b.line_id = ?", query.lineId());
        }
        if (query.product() != null) {
            where.and("b.product = ?", cut(query.product(), BatchIndex.PRODUCT_LENGTH));
        }
        if (query.verdict() != null) {
            where.and("b.verdict = ?", cut(query.verdict(), BatchIndex.VERDICT_LENGTH));
        }
        if (query.startedFrom() != null) {
            where.and("b.started_at >= ?", query.startedFrom());
        }
        if (query.startedBefore() != null) {
            where.and("b.started_at < ?", query.startedBefore());
        }
        if (query.anchorState() != null && coverage != null) {
            List<Object> parameters = new ArrayList<>();
            String waiting = waitingCondition(coverage, parameters);
            where.and(query.anchorState() == BatchQuery.AnchorState.PENDING ? waiting : "NOT " + waiting,
                    parameters.toArray());
        }
        return where;
    }

    /**
     * True for a batch with a record in a waiting range of its line (the SQL form of {@link #waits}), for when too
     * many batches wait to hold them.
     */
    private static String waitingCondition(AnchorCoverage coverage, List<Object> parameters) {
        StringBuilder sql = new StringBuilder("(");
        for (String lineId : coverage.lineIds()) {
            sql.append(sql.length() == 1 ? "" : " OR ").append("(b.line_id = ? AND (");
            parameters.add(lineId);
            List<AnchorCoverage.Range> ranges = coverage.waiting(lineId);
            for (int i = 0; i < ranges.size(); i++) {
                AnchorCoverage.Range range = ranges.get(i);
                sql.append(i == 0 ? "" : " OR ");
                if (range.last() == Long.MAX_VALUE) {
                    sql.append("b.last_seq >= ?");
                    parameters.add(range.first());
                } else {
                    sql.append("(b.last_seq >= ? AND b.first_seq <= ? AND (b.first_seq >= ? OR b.last_seq <= ?")
                            .append(" OR EXISTS (SELECT 1 FROM records r WHERE r.batch_id = b.batch_id")
                            .append(" AND r.line_id = b.line_id AND r.seq BETWEEN ? AND ?)))");
                    parameters.addAll(List.of(range.first(), range.last(), range.first(), range.last(),
                            range.first(), range.last()));
                }
            }
            sql.append("))");
        }
        // a line that got its first batch since the coverage was read has no job: all of it waits
        if (coverage.lineIds().isEmpty()) {
            sql.append("1 = 1");
        } else {
            sql.append(" OR b.line_id NOT IN (");
            int i = 0;
            for (String lineId : coverage.lineIds()) {
                sql.append(i++ == 0 ? "?" : ", ?");
                parameters.add(lineId);
            }
            sql.append(')');
        }
        return sql.append(')').toString();
    }

    private static String cut(String value, int length) {
        return value.length() > length ? value.substring(0, length) : value;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
