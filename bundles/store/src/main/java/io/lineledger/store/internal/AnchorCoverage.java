package io.lineledger.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where records still wait for their anchor, line by line, derived from the anchor jobs alone: a line's jobs tile its
 * sequence from 1, so a record is anchored exactly when the job whose range holds it is ANCHORED. What waits is the
 * ranges of the jobs not anchored (PENDING, SENT, or taken back after a reorganization) and everything after the last
 * job; both are few, so a list of many batches asks only about them.
 */
final class AnchorCoverage {

    /** A waiting range of sequence numbers; {@code last} is {@link Long#MAX_VALUE} for the line's uncovered end. */
    record Range(long first, long last) {

        boolean overlaps(long from, long to) {
            return first <= to && last >= from;
        }
    }

    private final Map<String, List<Range>> waiting;

    private AnchorCoverage(Map<String, List<Range>> waiting) {
        this.waiting = waiting;
    }

    /** The waiting ranges of these lines, as the jobs stand now. */
    static AnchorCoverage read(Connection connection, Collection<String> lineIds) throws SQLException {
        Map<String, List<Range>> open = new HashMap<>();
        // the status index finds the few open jobs among many anchored ones
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT line_id, first_seq, last_seq FROM anchor_jobs WHERE status IN ('PENDING', 'SENT')"
                        + " ORDER BY line_id, first_seq");
             ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                open.computeIfAbsent(rs.getString(1), line -> new ArrayList<>())
                        .add(new Range(rs.getLong(2), rs.getLong(3)));
            }
        }
        Map<String, List<Range>> waiting = new HashMap<>();
        for (String lineId : lineIds) {
            List<Range> ranges = new ArrayList<>(open.getOrDefault(lineId, List.of()));
            ranges.add(new Range(coveredThrough(connection, lineId) + 1, Long.MAX_VALUE));
            waiting.put(lineId, merged(ranges));
        }
        return new AnchorCoverage(waiting);
    }

    /** The last sequence number the line's jobs cover, 0 when it has none: the last job's (by the unique index). */
    static long coveredThrough(Connection connection, String lineId) throws SQLException {
        // ORDER BY every column of the index, descending: H2 then reads the index backwards, as PostgreSQL does
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT last_seq FROM anchor_jobs WHERE line_id = ? ORDER BY line_id DESC, first_seq DESC"
                        + " FETCH FIRST 1 ROWS ONLY")) {
            statement.setString(1, lineId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Sorted by first, adjacent and overlapping ranges joined. */
    private static List<Range> merged(List<Range> ranges) {
        ranges.sort((a, b) -> Long.compare(a.first(), b.first()));
        List<Range> merged = new ArrayList<>();
        for (Range range : ranges) {
            Range previous = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (previous != null && range.first() <= previous.last() + 1) {
                merged.set(merged.size() - 1, new Range(previous.first(), Math.max(previous.last(), range.last())));
            } else {
                merged.add(range);
            }
        }
        return merged;
    }

    /** The lines this coverage knows. */
    Collection<String> lineIds() {
        return waiting.keySet();
    }

    /**
     * The waiting ranges of a line that overlap {@code from..to}; a line this coverage does not know waits throughout
     * (it has no job that could cover anything).
     */
    List<Range> waitingWithin(String lineId, long from, long to) {
        List<Range> ranges = waiting.get(lineId);
        if (ranges == null) {
            return List.of(new Range(1, Long.MAX_VALUE));
        }
        return ranges.stream().filter(range -> range.overlaps(from, to)).toList();
    }

    /** The waiting ranges of a line (the last one open-ended). */
    List<Range> waiting(String lineId) {
        return waiting.getOrDefault(lineId, List.of(new Range(1, Long.MAX_VALUE)));
    }
}
