package io.lineledger.store.internal;

import io.lineledger.model.Bytes32;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.BatchSeal;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** {@link BatchSeals} in table {@code batch_seals} (migration V4) beside the records, on H2 or PostgreSQL. */
final class JdbcBatchSeals implements BatchSeals {

    private static final String COLUMNS = "id, batch_id, line_id, first_seq, last_seq, batch_root, certificate_digest,"
            + " status, tx_hash, revision, block_number";

    private final DataSource dataSource;
    private final Clock clock;
    private final Runnable ensureSchema;
    private final RecentlyCommitted recent;

    /** @param recent what the store beside it committed lately: completions found there are not looked up */
    JdbcBatchSeals(DataSource dataSource, Clock clock, Runnable ensureSchema, RecentlyCommitted recent) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ensureSchema = Objects.requireNonNull(ensureSchema, "ensureSchema");
        this.recent = Objects.requireNonNull(recent, "recent");
    }

    @Override
    public List<Completion> completions(String lineId, long afterSeq, long throughSeq, int limit) {
        Optional<List<Completion>> held = recent.completions(lineId, afterSeq, throughSeq, limit);
        if (held.isPresent()) {
            return held.get();
        }
        return work("reading batch-completed records of line " + lineId, false, connection -> {
            // along the primary key (records has no index on record_type): each record is read about once, as the
            // ledger asks for the records anchored since its last pass; the key's full order lets H2 stop at the limit
            try (PreparedStatement statement = connection.prepareStatement("SELECT seq, batch_id FROM records"
                    + " WHERE line_id = ? AND seq > ? AND seq <= ? AND record_type = ? ORDER BY line_id, seq"
                    + " FETCH FIRST ? ROWS ONLY")) {
                statement.setString(1, lineId);
                statement.setLong(2, afterSeq);
                statement.setLong(3, throughSeq);
                statement.setString(4, RecordTypes.BATCH_COMPLETED);
                statement.setInt(5, limit);
                List<Completion> found = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Completion(rs.getLong(1), rs.getString(2)));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public OptionalLong startedSeq(String lineId, String batchId) {
        return work("finding the batch-started record of batch " + batchId, false, connection -> {
            // within the batch's indexed span (normally its first record), else beyond the line's indexed sequence
            long indexedSeq = BatchIndex.indexedSeq(connection, lineId);
            Optional<BatchIndex.Span> span = BatchIndex.span(connection, batchId, lineId);
            if (span.isPresent() && span.get().hasStart() && span.get().firstSeq() <= indexedSeq) {
                OptionalLong seq = firstStarted(connection, lineId, batchId, span.get().firstSeq(),
                        Math.min(span.get().lastSeq(), indexedSeq));
                if (seq.isPresent()) {
                    return seq;
                }
            }
            return firstStarted(connection, lineId, batchId, indexedSeq + 1, Long.MAX_VALUE);
        });
    }

    private static OptionalLong firstStarted(Connection connection, String lineId, String batchId, long fromSeq,
                                             long toSeq) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT seq FROM records WHERE line_id = ?"
                + " AND seq BETWEEN ? AND ? AND batch_id = ? AND record_type = ? ORDER BY line_id, seq"
                + " FETCH FIRST 1 ROWS ONLY")) {
            statement.setString(1, lineId);
            statement.setLong(2, fromSeq);
            statement.setLong(3, toSeq);
            statement.setString(4, batchId);
            statement.setString(5, RecordTypes.BATCH_STARTED);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    @Override
    public BatchSeal plan(String batchId, String lineId, long firstSeq, long lastSeq, Bytes32 batchRoot,
                          Bytes32 certificateDigest) {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(lineId, "lineId");
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("seal range of batch " + batchId + " must satisfy 1 <= firstSeq <="
                    + " lastSeq, got " + firstSeq + ".." + lastSeq);
        }
        return work("planning the seal of batch " + batchId + " (" + lineId + "#" + firstSeq + ".." + lastSeq + ")",
                true, connection -> {
                    Optional<BatchSeal> existing = one(connection, "SELECT " + COLUMNS + " FROM batch_seals"
                            + " WHERE batch_id = ? AND last_seq = ? FOR UPDATE", batchId, lastSeq);
                    if (existing.isPresent()) {
                        BatchSeal seal = existing.get();
                        if (!seal.batchRoot().equals(batchRoot) || !seal.certificateDigest().equals(certificateDigest)
                                || seal.firstSeq() != firstSeq || !seal.lineId().equals(lineId)) {
                            throw new IllegalArgumentException("batch " + batchId + " up to seq " + lastSeq
                                    + " was planned with " + seal + ", not with range " + firstSeq + ".." + lastSeq
                                    + " of " + lineId + ", root " + batchRoot + ", certificate " + certificateDigest);
                        }
                        return seal;
                    }
                    OffsetDateTime now = now();
                    try (PreparedStatement supersede = connection.prepareStatement("UPDATE batch_seals SET status = ?,"
                            + " updated_at = ? WHERE batch_id = ? AND status IN ('PENDING', 'SENT')")) {
                        supersede.setString(1, BatchSeal.Status.SUPERSEDED.name());
                        supersede.setObject(2, now);
                        supersede.setString(3, batchId);
                        supersede.executeUpdate();
                    }
                    long id;
                    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO batch_seals (batch_id,"
                            + " line_id, first_seq, last_seq, batch_root, certificate_digest, status, created_at,"
                            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
                        insert.setString(1, batchId);
                        insert.setString(2, lineId);
                        insert.setLong(3, firstSeq);
                        insert.setLong(4, lastSeq);
                        insert.setString(5, batchRoot.hex());
                        insert.setString(6, certificateDigest.hex());
                        insert.setString(7, BatchSeal.Status.PENDING.name());
                        insert.setObject(8, now);
                        insert.setObject(9, now);
                        insert.executeUpdate();
                        try (ResultSet keys = insert.getGeneratedKeys()) {
                            keys.next();
                            id = keys.getLong(1);
                        }
                    }
                    return new BatchSeal(id, batchId, lineId, firstSeq, lastSeq, batchRoot, certificateDigest,
                            BatchSeal.Status.PENDING, null, null, null);
                });
    }

    @Override
    public void markSent(long id, String txHash) {
        Objects.requireNonNull(txHash, "txHash");
        work("marking batch seal " + id + " sent", true, connection -> {
            BatchSeal seal = lock(connection, id);
            if (!seal.open()) {
                throw new IllegalStateException("batch seal " + id + " is " + seal.status() + ", cannot mark it sent"
                        + " with tx " + txHash);
            }
            update(connection, "UPDATE batch_seals SET status = 'SENT', tx_hash = ?, updated_at = ? WHERE id = ?",
                    txHash, now(), id);
            return null;
        });
    }

    @Override
    public void markSealed(long id, long revision, String txHash, long blockNumber) {
        work("marking batch seal " + id + " sealed", true, connection -> {
            BatchSeal seal = lock(connection, id);
            if (seal.status() == BatchSeal.Status.SEALED) {
                if (seal.revision() == revision && seal.blockNumber() == blockNumber) {
                    return null; // the same facts confirmed again after a restart
                }
                throw new IllegalStateException("batch seal " + id + " is already sealed as revision "
                        + seal.revision() + " in block " + seal.blockNumber() + ", not " + revision + " in "
                        + blockNumber);
            }
            // a superseded entry may still be what the registry took (its transaction was mined late): record it
            update(connection, "UPDATE batch_seals SET status = 'SEALED', revision = ?, tx_hash = ?, block_number = ?,"
                    + " updated_at = ? WHERE id = ?", revision, txHash, blockNumber, now(), id);
            return null;
        });
    }

    @Override
    public List<BatchSeal> open() {
        return work("listing open batch seals", false, connection -> all(connection, "SELECT " + COLUMNS
                + " FROM batch_seals WHERE status IN ('PENDING', 'SENT') ORDER BY id"));
    }

    @Override
    public Optional<BatchSeal> latest(String batchId) {
        return work("reading the seal of batch " + batchId, false, connection -> one(connection, "SELECT " + COLUMNS
                + " FROM batch_seals WHERE batch_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", batchId));
    }

    @Override
    public Optional<BatchSeal> latestSealed(String batchId) {
        return work("reading the seal of batch " + batchId, false, connection -> one(connection, "SELECT " + COLUMNS
                + " FROM batch_seals WHERE batch_id = ? AND status = 'SEALED' ORDER BY revision DESC, id DESC"
                + " FETCH FIRST 1 ROWS ONLY", batchId));
    }

    @Override
    public long lastPlannedSeq(String lineId) {
        return work("reading the seals of line " + lineId, false, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT MAX(last_seq) FROM batch_seals WHERE line_id = ?")) {
                statement.setString(1, lineId);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        });
    }

    // ---- JDBC plumbing ---------------------------------------------------------------------------------

    private <T> T work(String operation, boolean transaction, JdbcRecordStore.SqlWork<T> work) {
        ensureSchema.run();
        try {
            if (transaction) {
                return JdbcRecordStore.transaction(dataSource, work);
            }
            try (Connection connection = dataSource.getConnection()) {
                return work.apply(connection);
            }
        } catch (SQLException e) {
            throw new StoreException(operation + " failed: " + e.getMessage(), e);
        }
    }

    private static BatchSeal lock(Connection connection, long id) throws SQLException {
        return one(connection, "SELECT " + COLUMNS + " FROM batch_seals WHERE id = ? FOR UPDATE", id)
                .orElseThrow(() -> new IllegalArgumentException("no batch seal with id " + id));
    }

    private static Optional<BatchSeal> one(Connection connection, String sql, Object... parameters)
            throws SQLException {
        List<BatchSeal> found = all(connection, sql, parameters);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static List<BatchSeal> all(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<BatchSeal> seals = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    seals.add(seal(rs));
                }
            }
            return seals;
        }
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static BatchSeal seal(ResultSet rs) throws SQLException {
        long revision = rs.getLong(10);
        Long revisionOrNull = rs.wasNull() ? null : revision;
        long block = rs.getLong(11);
        Long blockOrNull = rs.wasNull() ? null : block;
        return new BatchSeal(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getLong(5),
                Bytes32.fromHex(rs.getString(6).trim()), Bytes32.fromHex(rs.getString(7).trim()),
                BatchSeal.Status.valueOf(rs.getString(8)), rs.getString(9), revisionOrNull, blockOrNull);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }
}
