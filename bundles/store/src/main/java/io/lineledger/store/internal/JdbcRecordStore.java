package io.lineledger.store.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.RecordDigest;
import io.lineledger.model.RecordDraft;
import io.lineledger.model.RecordTypes;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.LineFence;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreException;
import io.lineledger.store.TamperedRecordException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RecordStore} on plain JDBC; the SQL is portable (H2 2.x and PostgreSQL). Appends to one line are
 * serialised by an in-process lock per line; the primary key (line, seq) guards against other writers.
 * Every read recomputes the record's digest from its stored JSON and salt and compares it with the stored
 * digest: a mismatch is a {@link TamperedRecordException}.
 *
 * <p>A record's anchor is derived from the anchor jobs' sequence ranges (a line's jobs tile its sequence from 1), so
 * creating a job writes one row however many records it covers. Appends keep the batch list's index
 * ({@link BatchIndex}) in the same transaction; reads of a batch's records and of a line's gap records go through it,
 * as table records has no index but its primary key (each index was one more B-tree insert per record).
 */
public final class JdbcRecordStore implements RecordStore {

    /** SQLState of a unique/primary key violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final int APPEND_ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcRecordStore.class);

    private static final String RECORD_COLUMNS =
            "r.line_id, r.seq, r.record_type, r.batch_id, r.prev_digest, r.digest, r.salt, r.canonical_json";
    private static final String JOB_COLUMNS =
            "j.id, j.line_id, j.first_seq, j.last_seq, j.root, j.status, j.tx_hash, j.chain_id, j.contract,"
                    + " j.block_number, j.log_index";

    private final DataSource dataSource;
    private final Clock clock;
    private final ConcurrentHashMap<String, ReentrantLock> appendLocks = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ReentrantLock> jobLocks = new ConcurrentHashMap<>();
    /** What this store committed lately: the ledger's windows and seals are built from it (see the class). */
    private final RecentlyCommitted committed = new RecentlyCommitted();

    /** Lines compared with the chain since this store opened; null when appends do not wait for that. */
    private volatile Set<String> chainCheckedLines;
    /** Lines whose appends were refused while they waited for that comparison. */
    private final Set<String> awaitingChainCheck = ConcurrentHashMap.newKeySet();
    private volatile boolean indexInBackground;

    /** Whether the database is PostgreSQL, once a connection told; null before. */
    private volatile Boolean onPostgres;

    /** Set once the schema is current; until then every operation first tries to migrate it. */
    private volatile boolean schemaCurrent;

    /** The store that migrates the schema this one reads ({@link #readingThrough}); null: this one migrates it. */
    private JdbcRecordStore schemaOwner;

    /** Opens the store on a data source, migrating its schema first. */
    public JdbcRecordStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public JdbcRecordStore(DataSource dataSource, Clock clock) {
        this(dataSource, clock, true);
    }

    private JdbcRecordStore(DataSource dataSource, Clock clock, boolean migrateNow) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (migrateNow) {
            ensureSchema();
        }
    }

    /**
     * Opens the store without reaching the database: the first operation migrates the schema. A database that is
     * down at start then delays the store (its operations fail with {@link StoreException} until the database is
     * back) instead of failing it for good.
     */
    public static JdbcRecordStore openDeferringMigration(DataSource dataSource, Clock clock) {
        return new JdbcRecordStore(dataSource, clock, false);
    }

    /**
     * A store on the same database that reads through {@code readers} (a bounded budget of connections for page
     * views): its reads draw only on that data source. It never migrates the schema or indexes stored batches itself
     * (both write): it asks this store to. Its writes would go through {@code readers} too; give them to this store.
     */
    public JdbcRecordStore readingThrough(DataSource readers) {
        JdbcRecordStore reader = new JdbcRecordStore(readers, clock, false);
        reader.schemaOwner = this;
        return reader;
    }

    /**
     * From now on a line takes appends only once {@link #chainChecked} was called for it: a store restored from an
     * old backup must not reuse sequence numbers the chain covers in the moments before the ledger's first pass.
     */
    public JdbcRecordStore awaitingChainCheck() {
        chainCheckedLines = ConcurrentHashMap.newKeySet();
        return this;
    }

    /**
     * From now on the check that the batch index covers every stored record (done once, when the schema is first
     * made current) runs on a thread of its own, off the store's start: it reads every line's last record, and
     * nothing needs it first (appends index what their line's index lacks, readers scan what lies beyond a line's
     * indexed sequence). With 84 lines on a busy machine the store's start went from 7.3 to 5.8 s; the rest was the
     * lines' OPC UA and rules start holding the cores, not H2 (its file opens in 0.5 s; BENCHMARKS.md, "Footprint").
     */
    public JdbcRecordStore indexingStoredBatchesInBackground() {
        indexInBackground = true;
        return this;
    }

    @Override
    public Set<String> linesAwaitingChainCheck() {
        Set<String> checked = chainCheckedLines;
        return awaitingChainCheck.stream().filter(line -> checked == null || !checked.contains(line))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void chainChecked(String lineId) {
        Set<String> checked = chainCheckedLines;
        if (checked != null) {
            checked.add(lineId);
            awaitingChainCheck.remove(lineId);
        }
    }

    @Override
    public Optional<BatchSeals> batchSeals() {
        return Optional.of(new JdbcBatchSeals(dataSource, clock, this::ensureSchema, committed));
    }

    /** Migrates the schema unless that was done; fails as {@link SchemaMigration#migrate} does. */
    public void ensureSchema() {
        if (!schemaCurrent && schemaOwner != null) {
            schemaOwner.ensureSchema();
            schemaCurrent = true;
        }
        if (!schemaCurrent) {
            synchronized (this) {
                if (!schemaCurrent) {
                    try {
                        SchemaMigration.migrate(dataSource);
                        if (indexInBackground) {
                            Thread indexer = new Thread(this::indexStoredBatchesLogged, "lineledger-store-batch-index");
                            indexer.setDaemon(true);
                            indexer.start();
                        } else {
                            indexStoredBatches();
                        }
                    } catch (IllegalStateException e) {
                        if (e.getCause() instanceof SQLException cause) {
                            // the database is down or refused a statement: transient for the callers
                            throw new StoreException(e.getMessage(), cause);
                        }
                        throw e; // a schema newer than this code: no retry helps
                    }
                    schemaCurrent = true;
                }
            }
        }
    }

    /**
     * Indexes the batches of records the batch index has not seen (a database older than the index, or rows restored
     * behind the store's back), line by line in chunks of their own transactions: a crash midway resumes where it
     * stopped. Other processes on the same database wait on the line's index row.
     */
    private void indexStoredBatches() {
        try {
            // read first, without locking: a locked check is a durable commit per line, 84 of which took 8 s of a
            // Karaf restart; only the lines the index is behind (normally none) get one
            List<String> lines = transaction(this::linesTheIndexIsBehind);
            for (String lineId : lines) {
                long total = 0;
                long chunk;
                do {
                    chunk = transaction(connection -> {
                        long indexed = BatchIndex.lockIndexedSeq(connection, lineId);
                        long last = lastSeq(connection, lineId);
                        if (indexed == last) {
                            return 0L;
                        }
                        long upTo = indexed > last ? last : Math.min(last, indexed + 10L * BatchIndex.STORED_CHUNK);
                        long count = BatchIndex.catchUp(connection, lineId, indexed, upTo);
                        BatchIndex.setIndexedSeq(connection, lineId, upTo, indexed >= 0);
                        return Math.max(count, 1L);
                    });
                    total += chunk;
                } while (chunk > 0);
                if (total > 0) {
                    LOG.info("Batch index: indexed {} stored records of line {}", total, lineId);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("indexing the batches of stored records failed: " + e.getMessage(), e);
        }
    }

    private void indexStoredBatchesLogged() {
        try {
            indexStoredBatches();
        } catch (RuntimeException e) {
            LOG.warn("Batch index: checking it against the stored records failed ({}); appends index what their line"
                    + " lacks, and readers read what lies beyond it", e.getMessage());
        }
    }

    /** Lines whose batch index does not end at their last record. */
    private List<String> linesTheIndexIsBehind(Connection connection) throws SQLException {
        Map<String, Long> indexed = BatchIndex.indexedSeqs(connection);
        List<String> behind = new ArrayList<>();
        for (String lineId : lineIds(connection)) {
            Long indexedSeq = indexed.get(lineId);
            if (indexedSeq == null || indexedSeq != lastSeq(connection, lineId)) {
                behind.add(lineId);
            }
        }
        return behind;
    }

    // ---- records ---------------------------------------------------------------------------------------

    @Override
    public LineRecord append(RecordDraft draft) {
        Objects.requireNonNull(draft, "draft");
        return appendAll(List.of(draft)).get(0);
    }

    @Override
    public List<LineRecord> appendAll(List<RecordDraft> drafts) {
        if (drafts.isEmpty()) {
            return List.of();
        }
        String lineId = drafts.get(0).lineId();
        for (RecordDraft draft : drafts) {
            if (!draft.lineId().equals(lineId)) {
                throw new IllegalArgumentException("drafts of one group commit must be of one line: " + lineId
                        + " and " + draft.lineId());
            }
        }
        Set<String> checked = chainCheckedLines;
        if (checked != null && !checked.contains(lineId)) {
            awaitingChainCheck.add(lineId);
            throw LineFencedException.awaitingChainCheck(lineId);
        }
        ReentrantLock lock = appendLocks.computeIfAbsent(lineId, line -> new ReentrantLock());
        lock.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    List<LineRecord> records = inTransaction(connection -> appendIn(connection, lineId, drafts));
                    committed.committed(lineId, records);
                    return records;
                } catch (SQLException e) {
                    // another process took the sequence number between our read and our insert: read again
                    if (!isUniqueViolation(e) || attempt == APPEND_ATTEMPTS) {
                        throw new StoreException("appending " + (drafts.size() == 1
                                ? "a '" + drafts.get(0).type() + "' record" : drafts.size() + " records")
                                + " to line " + lineId + " failed: " + e.getMessage(), e);
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** A batch's driver may wrap the violation (H2 and PostgreSQL put it first in the chain). */
    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException cause = e; cause != null; cause = cause.getNextException()) {
            if (UNIQUE_VIOLATION.equals(cause.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private List<LineRecord> appendIn(Connection connection, String lineId, List<RecordDraft> drafts)
            throws SQLException {
        // read in the append's own transaction: a fence raised by another process is seen too
        Optional<LineFence> fence = fenceOf(connection, lineId);
        if (fence.isPresent()) {
            throw new LineFencedException(fence.get());
        }
        // the line's row of the batch index, locked: appends of other processes to the line wait here
        long indexedSeq = BatchIndex.lockIndexedSeq(connection, lineId);
        long lastSeq = 0;
        Bytes32 prevDigest = Bytes32.ZERO;
        // ORDER BY every column of the primary key, descending: H2 then reads the index backwards, as PostgreSQL does
        try (PreparedStatement last = connection.prepareStatement("SELECT seq, digest FROM records WHERE line_id = ?"
                + " ORDER BY line_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY")) {
            last.setString(1, lineId);
            try (ResultSet rs = last.executeQuery()) {
                if (rs.next()) {
                    lastSeq = rs.getLong(1);
                    prevDigest = Bytes32.fromHex(rs.getString(2));
                }
            }
        }
        if (indexedSeq != lastSeq) {
            BatchIndex.catchUp(connection, lineId, indexedSeq, lastSeq); // records the index has not seen
        }
        // millisecond precision survives every database's TIMESTAMP and the JSON round trip
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        // the same for every record of the group, as each record's predecessor digest is the previous one's digest
        OffsetDateTime recordedAt = utc(now);
        String prevHex = prevDigest.hex();
        List<LineRecord> records = new ArrayList<>(drafts.size());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO records (line_id, seq, record_type, batch_id, recorded_at, prev_digest, digest, salt,"
                        + " canonical_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (RecordDraft draft : drafts) {
                LineRecord record = LineRecord.seal(draft, lastSeq + 1, prevDigest, now, RecordDigest.newSalt());
                String digestHex = record.digest().hex();
                insert.setString(1, record.lineId());
                insert.setLong(2, record.seq());
                insert.setString(3, record.type());
                insert.setString(4, record.batchId());
                insert.setObject(5, recordedAt);
                insert.setString(6, prevHex);
                insert.setString(7, digestHex);
                insert.setString(8, record.salt().hex());
                insert.setString(9, record.canonicalJson());
                insert.addBatch();
                records.add(record);
                lastSeq = record.seq();
                prevDigest = record.digest();
                prevHex = digestHex;
            }
            insert.executeBatch();
        }
        BatchIndex.index(connection, lineId, records.stream().map(BatchIndex.Entry::of).toList());
        BatchIndex.setIndexedSeq(connection, lineId, lastSeq, indexedSeq >= 0);
        return records;
    }

    @Override
    public Optional<LineRecord> find(String lineId, long seq) {
        List<LineRecord> found = query("reading record " + lineId + "#" + seq,
                "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.line_id = ? AND r.seq = ?", lineId, seq);
        return found.stream().findFirst();
    }

    @Override
    public List<LineRecord> range(String lineId, long firstSeq, long lastSeq) {
        List<LineRecord> records = query("reading records " + lineId + "#" + firstSeq + ".." + lastSeq,
                "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.line_id = ? AND r.seq BETWEEN ? AND ?"
                        + " ORDER BY r.line_id, r.seq", lineId, firstSeq, lastSeq); // the key's order: no sort
        checkChain(records);
        return records;
    }

    @Override
    public List<Bytes32> digests(String lineId, long firstSeq, long lastSeq) {
        return digests(lineId, firstSeq, lastSeq, true);
    }

    @Override
    public List<Bytes32> committedDigests(String lineId, long firstSeq, long lastSeq) {
        return committed.digests(lineId, firstSeq, lastSeq).orElseGet(() -> digests(lineId, firstSeq, lastSeq, true));
    }

    @Override
    public List<Bytes32> storedDigests(String lineId, long firstSeq, long lastSeq) {
        return committed.digests(lineId, firstSeq, lastSeq).orElseGet(() -> digests(lineId, firstSeq, lastSeq, false));
    }

    /** @param rehash whether each record's JSON must still give its digest (hashed, not parsed) */
    private List<Bytes32> digests(String lineId, long firstSeq, long lastSeq, boolean rehash) {
        return withConnection("reading digests " + lineId + "#" + firstSeq + ".." + lastSeq, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT r.seq, r.prev_digest, r.digest"
                    + (rehash ? ", r.salt, r.canonical_json" : "") + " FROM records r WHERE r.line_id = ?"
                    + " AND r.seq BETWEEN ? AND ? ORDER BY r.line_id, r.seq")) {
                statement.setString(1, lineId);
                statement.setLong(2, firstSeq);
                statement.setLong(3, lastSeq);
                List<Bytes32> digests = new ArrayList<>((int) Math.min(lastSeq - firstSeq + 1, 1 << 20));
                long expected = firstSeq;
                Bytes32 previous = null;
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        Bytes32 prev;
                        Bytes32 digest;
                        Bytes32 ofJson;
                        try {
                            prev = Bytes32.fromHex(rows.getString(2).trim());
                            digest = Bytes32.fromHex(rows.getString(3).trim());
                            // the JSON still gives its digest (hashed, not parsed: the anchoring hot path)
                            ofJson = rehash ? RecordDigest.of(Bytes32.fromHex(rows.getString(4).trim()),
                                    rows.getString(5)) : digest;
                        } catch (IllegalArgumentException e) {
                            throw new TamperedRecordException(lineId, seq, "stored record is unreadable: "
                                    + e.getMessage());
                        }
                        if (!ofJson.equals(digest)) {
                            throw new TamperedRecordException(lineId, seq, "stored digest " + digest + " differs from "
                                    + ofJson + ", the digest of its stored JSON and salt");
                        }
                        if (seq != expected) {
                            throw new TamperedRecordException(lineId, seq, "the sequence has a gap before seq " + seq);
                        }
                        if (previous != null && !prev.equals(previous)) {
                            throw new TamperedRecordException(lineId, seq, "its prev digest " + prev
                                    + " is not the digest " + previous + " of seq " + (seq - 1));
                        }
                        digests.add(digest);
                        previous = digest;
                        expected++;
                    }
                }
                return digests;
            }
        });
    }

    /**
     * Found through the batch index, as records has no index on batch_id: on each line (in the database's order, as an
     * ORDER BY line_id gives it), the batch's span up to the line's indexed sequence along the primary key, then what
     * lies beyond that sequence (normally nothing; everything on a line without an index row).
     */
    @Override
    public List<LineRecord> batch(String batchId) {
        Objects.requireNonNull(batchId, "batchId");
        return withConnection("reading batch " + batchId, connection -> {
            // first: the spans, read next, cover at least this far (appends commit records and index together)
            Map<String, Long> indexedSeqs = BatchIndex.indexedSeqs(connection);
            Map<String, BatchIndex.Span> spans = new HashMap<>();
            for (BatchIndex.Span span : BatchIndex.spans(connection, batchId)) {
                spans.put(span.lineId(), span);
            }
            List<LineRecord> records = new ArrayList<>();
            for (String lineId : lineIds(connection)) {
                long indexedSeq = indexedSeqs.getOrDefault(lineId, 0L);
                BatchIndex.Span span = spans.get(lineId);
                if (span != null && span.firstSeq() <= indexedSeq) {
                    records.addAll(query(connection, "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.line_id = ?"
                            + " AND r.seq BETWEEN ? AND ? AND r.batch_id = ? ORDER BY r.line_id, r.seq", lineId,
                            span.firstSeq(), Math.min(span.lastSeq(), indexedSeq), batchId));
                }
                records.addAll(query(connection, "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.line_id = ?"
                        + " AND r.seq > ? AND r.batch_id = ? ORDER BY r.line_id, r.seq", lineId, indexedSeq, batchId));
            }
            return records;
        });
    }

    @Override
    public List<BatchSummary> recentBatches(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return withConnection("listing recent batches",
                connection -> BatchListing.page(connection, BatchQuery.newest(limit), false).batches());
    }

    @Override
    public BatchPage batches(BatchQuery query) {
        Objects.requireNonNull(query, "query");
        // READ COMMITTED, statement by statement (a snapshot would make H2 count every row for COUNT(*)): each row's
        // anchored count is asked as the row is read, so a change in between never makes a row claim more
        return withConnection("listing batches (" + query + ")", connection -> BatchListing.page(connection, query,
                true));
    }

    @Override
    public long lastSeq(String lineId) {
        return withConnection("reading the last sequence of line " + lineId, connection -> lastSeq(connection, lineId));
    }

    private static long lastSeq(Connection connection, String lineId) throws SQLException {
        // the primary key read backwards (see appendIn), not MAX(seq), which H2 answers by reading the line's keys
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT seq FROM records WHERE line_id = ? ORDER BY line_id DESC, seq DESC FETCH FIRST 1 ROWS ONLY")) {
            statement.setString(1, lineId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0; // 0: an empty line
            }
        }
    }

    /** Every line's last record along the primary key, on one connection: a few index reads per line. */
    @Override
    public SortedMap<String, Long> lastSeqs() {
        return withConnection("reading the last sequence of every line", connection -> {
            SortedMap<String, Long> lastSeqs = new TreeMap<>();
            for (String lineId : lineIds(connection)) {
                lastSeqs.put(lineId, lastSeq(connection, lineId));
            }
            return Collections.unmodifiableSortedMap(lastSeqs);
        });
    }

    @Override
    public List<String> lineIds() {
        return withConnection("listing lines", this::lineIds);
    }

    private List<String> lineIds(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(distinctLines(connection));
             ResultSet rs = statement.executeQuery()) {
            List<String> lines = new ArrayList<>();
            while (rs.next()) {
                lines.add(rs.getString(1));
            }
            return lines;
        }
    }

    /**
     * The lines of the records table, in order: the same answer on both databases, in the form each answers fast.
     * H2 reads DISTINCT along the primary key in a few steps; PostgreSQL reads every row for it (130 ms at 500,000
     * records), but steps from line to line along the key when asked one next line at a time (3 ms).
     */
    private String distinctLines(Connection connection) throws SQLException {
        Boolean postgres = onPostgres;
        if (postgres == null) {
            postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                    .contains("postgres");
            onPostgres = postgres;
        }
        return postgres
                ? "WITH RECURSIVE lines (line_id) AS ("
                        + " SELECT (SELECT r.line_id FROM records r ORDER BY r.line_id FETCH FIRST 1 ROWS ONLY)"
                        + " UNION ALL SELECT (SELECT r.line_id FROM records r WHERE r.line_id > l.line_id"
                        + " ORDER BY r.line_id FETCH FIRST 1 ROWS ONLY) FROM lines l WHERE l.line_id IS NOT NULL)"
                        + " SELECT line_id FROM lines WHERE line_id IS NOT NULL ORDER BY line_id"
                : "SELECT DISTINCT line_id FROM records ORDER BY line_id";
    }

    @Override
    public List<LineRecord> gapsTouching(String lineId, Instant from, Instant to) {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(from, "from");
        if (to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("gaps of line " + lineId + ": to (" + to + ") is before from (" + from + ")");
        }
        // a gap is recorded once the line is observed again, so its record is never older than its end: only
        // records since 'from' can hold a gap that reaches into [from, to]. The indexed ones are in batch_gaps (by
        // time); what lies beyond the line's indexed sequence (normally nothing) is read along the primary key.
        List<LineRecord> candidates = withConnection("reading gap records of line " + lineId, connection -> {
            long indexedSeq = BatchIndex.indexedSeq(connection, lineId);
            // along ix_batch_gaps_time; gaps beyond indexedSeq, indexed since it was read, come with the next query
            List<LineRecord> found = new ArrayList<>(query(connection, "SELECT " + RECORD_COLUMNS
                    + " FROM batch_gaps g JOIN records r ON r.line_id = g.line_id AND r.seq = g.seq"
                    + " WHERE g.line_id = ? AND g.recorded_at >= ? AND r.record_type = ? AND r.recorded_at >= ?",
                    lineId, utc(from), RecordTypes.GAP, utc(from)).stream()
                    .filter(record -> record.seq() <= indexedSeq).sorted(Comparator.comparingLong(LineRecord::seq))
                    .toList());
            found.addAll(query(connection, "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.line_id = ?"
                    + " AND r.seq > ? AND r.record_type = ? AND r.recorded_at >= ? ORDER BY r.line_id, r.seq",
                    lineId, indexedSeq, RecordTypes.GAP, utc(from)));
            return found;
        });
        Instant end = to == null ? Instant.MAX : to;
        return candidates.stream().filter(record -> ObservationGap.of(record).touches(from, end)).toList();
    }

    // ---- anchoring outbox ------------------------------------------------------------------------------

    @Override
    public List<LineRecord> unanchored(String lineId, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        List<LineRecord> records = withConnection("reading unanchored records of line " + lineId, connection -> {
            // the line's jobs tile its sequence from 1: what no job covers comes after the last one
            long covered = AnchorCoverage.coveredThrough(connection, lineId);
            return query(connection, "SELECT " + RECORD_COLUMNS + " FROM records r WHERE r.line_id = ? AND r.seq > ?"
                    // the key's full order: H2 reads the first rows of the range instead of sorting all of it
                    + " ORDER BY r.line_id, r.seq FETCH FIRST ? ROWS ONLY", lineId, covered, limit);
        });
        checkChain(records);
        return records;
    }

    @Override
    public AnchorJob createAnchorJob(String lineId, long firstSeq, long lastSeq, Bytes32 root) {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(root, "root");
        if (firstSeq < 1 || lastSeq < firstSeq) {
            throw new IllegalArgumentException("anchor job range of line " + lineId + " must satisfy"
                    + " 1 <= firstSeq <= lastSeq, got " + firstSeq + ".." + lastSeq);
        }
        ReentrantLock lock = jobLocks.computeIfAbsent(lineId, line -> new ReentrantLock());
        lock.lock();
        try {
            return inTransactionOrFail("creating anchor job " + lineId + "#" + firstSeq + ".." + lastSeq,
                    connection -> createAnchorJobIn(connection, lineId, firstSeq, lastSeq, root));
        } finally {
            lock.unlock();
        }
    }

    private AnchorJob createAnchorJobIn(Connection connection, String lineId, long firstSeq, long lastSeq,
                                        Bytes32 root) throws SQLException {
        // O(1) in the records it covers: one index read for the previous job, one for the last record, one insert
        long previousLast = AnchorCoverage.coveredThrough(connection, lineId);
        if (firstSeq != previousLast + 1) {
            throw new IllegalStateException("anchor job of line " + lineId + " must start at seq "
                    + (previousLast + 1) + (previousLast == 0 ? " (the line has no job yet)"
                    : " (right after the previous job's last seq " + previousLast + ")")
                    + ", got firstSeq " + firstSeq + " (range " + firstSeq + ".." + lastSeq + ")");
        }
        long lastRecord = lastSeq(connection, lineId);
        if (lastSeq > lastRecord) {
            throw new IllegalStateException("anchor job range " + firstSeq + ".." + lastSeq + " of line " + lineId
                    + " exceeds its last record, seq " + lastRecord);
        }
        OffsetDateTime now = utc(clock.instant());
        long id;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO anchor_jobs (line_id, first_seq, last_seq, root, status, created_at, updated_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", new String[] {"id"})) {
            insert.setString(1, lineId);
            insert.setLong(2, firstSeq);
            insert.setLong(3, lastSeq);
            insert.setString(4, root.hex());
            insert.setString(5, AnchorJob.Status.PENDING.name());
            insert.setObject(6, now);
            insert.setObject(7, now);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        // the job covers its range from now on: no record row changes (a gap in the range, which appends never
        // leave, shows when the ledger reads the range to build the root: range() checks the chain)
        return new AnchorJob(id, lineId, firstSeq, lastSeq, root, AnchorJob.Status.PENDING, null, null);
    }

    @Override
    public void markSent(long jobId, String txHash) {
        Objects.requireNonNull(txHash, "txHash");
        inTransactionOrFail("marking anchor job " + jobId + " sent", connection -> {
            AnchorJob job = lockJob(connection, jobId);
            if (job.status() == AnchorJob.Status.ANCHORED) {
                throw new IllegalStateException("anchor job " + jobId + " is already ANCHORED (tx "
                        + job.txHash() + "), cannot mark it sent with tx " + txHash);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE anchor_jobs SET status = ?, tx_hash = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, AnchorJob.Status.SENT.name());
                update.setString(2, txHash);
                update.setObject(3, utc(clock.instant()));
                update.setLong(4, jobId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void markAnchored(long jobId, Anchor anchor) {
        Objects.requireNonNull(anchor, "anchor");
        inTransactionOrFail("marking anchor job " + jobId + " anchored", connection -> {
            AnchorJob job = lockJob(connection, jobId);
            if (!job.lineId().equals(anchor.lineId()) || job.firstSeq() != anchor.firstSeq()
                    || job.lastSeq() != anchor.lastSeq() || !job.root().equals(anchor.root())) {
                throw new IllegalArgumentException("anchor " + anchor.lineId() + "#" + anchor.firstSeq() + ".."
                        + anchor.lastSeq() + " root " + anchor.root() + " does not match anchor job " + jobId
                        + " (" + job.lineId() + "#" + job.firstSeq() + ".." + job.lastSeq() + " root "
                        + job.root() + ")");
            }
            if (job.status() == AnchorJob.Status.ANCHORED) {
                if (anchor.equals(job.anchor())) {
                    return null; // reconciliation after a restart may confirm the same receipt twice
                }
                throw new IllegalStateException("anchor job " + jobId + " is already anchored by tx "
                        + job.txHash() + ", not by " + anchor.txHash());
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE anchor_jobs SET status = ?, tx_hash = ?, chain_id = ?, contract = ?, block_number = ?,"
                            + " log_index = ?, updated_at = ? WHERE id = ?")) {
                update.setString(1, AnchorJob.Status.ANCHORED.name());
                update.setString(2, anchor.txHash());
                update.setLong(3, anchor.chainId());
                update.setString(4, anchor.contract());
                update.setLong(5, anchor.blockNumber());
                update.setLong(6, anchor.logIndex());
                update.setObject(7, utc(clock.instant()));
                update.setLong(8, jobId);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public AnchorJob unmarkAnchored(Anchor anchor) {
        Objects.requireNonNull(anchor, "anchor");
        String what = anchor.lineId() + "#" + anchor.firstSeq() + ".." + anchor.lastSeq() + " (tx " + anchor.txHash()
                + ", block " + anchor.blockNumber() + ")";
        return inTransactionOrFail("taking back anchor " + what, connection -> {
            long jobId;
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT id FROM anchor_jobs WHERE line_id = ? AND first_seq = ?")) {
                statement.setString(1, anchor.lineId());
                statement.setLong(2, anchor.firstSeq());
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalArgumentException("no anchor job starts at " + anchor.lineId() + "#"
                                + anchor.firstSeq() + " to take back anchor " + what);
                    }
                    jobId = rs.getLong(1);
                }
            }
            AnchorJob job = lockJob(connection, jobId);
            if (job.status() != AnchorJob.Status.ANCHORED) {
                return job; // taken back already (a second pass, or a restart in between)
            }
            if (!anchor.equals(job.anchor())) {
                throw new IllegalStateException("anchor job " + jobId + " holds anchor " + job.anchor()
                        + ", not the one to take back: " + anchor);
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE anchor_jobs SET status = ?, chain_id = NULL, contract = NULL, block_number = NULL,"
                            + " log_index = NULL, updated_at = ? WHERE id = ?")) {
                update.setString(1, AnchorJob.Status.SENT.name());
                update.setObject(2, utc(clock.instant()));
                update.setLong(3, jobId);
                update.executeUpdate();
            }
            return new AnchorJob(jobId, job.lineId(), job.firstSeq(), job.lastSeq(), job.root(),
                    AnchorJob.Status.SENT, job.txHash(), null);
        });
    }

    @Override
    public List<AnchorJob> openJobs() {
        return withConnection("listing open anchor jobs", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    // IN, not <> 'ANCHORED': the status index finds the few open jobs among many anchored ones
                    "SELECT " + JOB_COLUMNS + " FROM anchor_jobs j WHERE j.status IN ('PENDING', 'SENT') ORDER BY j.id");
                 ResultSet rs = statement.executeQuery()) {
                List<AnchorJob> jobs = new ArrayList<>();
                while (rs.next()) {
                    jobs.add(job(rs));
                }
                return jobs;
            }
        });
    }

    @Override
    public Optional<Anchor> anchorOf(String lineId, long seq) {
        return withConnection("reading the anchor of record " + lineId + "#" + seq, connection -> {
            // the job whose range holds seq is the line's last one starting at or before it (jobs tile the line);
            // read backwards along the (line_id, first_seq) index, and only for a record the store holds
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + JOB_COLUMNS + " FROM anchor_jobs j WHERE j.line_id = ? AND j.first_seq <= ?"
                            + " AND EXISTS (SELECT 1 FROM records r WHERE r.line_id = j.line_id AND r.seq = ?)"
                            + " ORDER BY j.line_id DESC, j.first_seq DESC FETCH FIRST 1 ROWS ONLY")) {
                statement.setString(1, lineId);
                statement.setLong(2, seq);
                statement.setLong(3, seq);
                try (ResultSet rs = statement.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.<Anchor>empty();
                    }
                    AnchorJob job = job(rs);
                    return job.lastSeq() >= seq ? Optional.ofNullable(job.anchor()) : Optional.<Anchor>empty();
                }
            }
        });
    }

    // ---- line fences ----------------------------------------------------------------------------------

    private static final String FENCE_COLUMNS = "line_id, chain_next_seq, store_last_seq, reason, raised_at";
    private static final int REASON_LENGTH = 4000;

    @Override
    public LineFence fenceLine(String lineId, long chainNextSeq, String reason) {
        Objects.requireNonNull(lineId, "lineId");
        Objects.requireNonNull(reason, "reason");
        if (chainNextSeq < 1) {
            throw new IllegalArgumentException("chainNextSeq of line " + lineId + " must be >= 1, got " + chainNextSeq);
        }
        String storedReason = reason.length() > REASON_LENGTH ? reason.substring(0, REASON_LENGTH) : reason;
        // under the line's append lock: no append of this process slips between reading lastSeq and the fence
        ReentrantLock lock = appendLocks.computeIfAbsent(lineId, line -> new ReentrantLock());
        lock.lock();
        try {
            return inTransactionOrFail("fencing line " + lineId, connection -> {
                LineFence fence = new LineFence(lineId, chainNextSeq, lastSeq(connection, lineId), storedReason,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS));
                boolean raised = fenceOf(connection, lineId).isPresent();
                try (PreparedStatement write = connection.prepareStatement(raised
                        ? "UPDATE line_fences SET chain_next_seq = ?, store_last_seq = ?, reason = ?, raised_at = ?"
                                + " WHERE line_id = ?"
                        : "INSERT INTO line_fences (chain_next_seq, store_last_seq, reason, raised_at, line_id)"
                                + " VALUES (?, ?, ?, ?, ?)")) {
                    write.setLong(1, fence.chainNextSeq());
                    write.setLong(2, fence.storeLastSeq());
                    write.setString(3, fence.reason());
                    write.setObject(4, utc(fence.raisedAt()));
                    write.setString(5, lineId);
                    write.executeUpdate();
                }
                return fence;
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<LineFence> fenceOf(String lineId) {
        return withConnection("reading the fence of line " + lineId, connection -> fenceOf(connection, lineId));
    }

    private static Optional<LineFence> fenceOf(Connection connection, String lineId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + FENCE_COLUMNS + " FROM line_fences WHERE line_id = ?")) {
            statement.setString(1, lineId);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(fence(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<LineFence> fences() {
        return withConnection("listing line fences", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + FENCE_COLUMNS + " FROM line_fences ORDER BY line_id");
                 ResultSet rs = statement.executeQuery()) {
                List<LineFence> fences = new ArrayList<>();
                while (rs.next()) {
                    fences.add(fence(rs));
                }
                return fences;
            }
        });
    }

    @Override
    public void liftFence(String lineId) {
        Objects.requireNonNull(lineId, "lineId");
        ReentrantLock lock = appendLocks.computeIfAbsent(lineId, line -> new ReentrantLock());
        lock.lock();
        try {
            inTransactionOrFail("lifting the fence of line " + lineId, connection -> {
                Optional<LineFence> fence = fenceOf(connection, lineId);
                if (fence.isEmpty()) {
                    return null; // nothing raised: lifting twice is harmless
                }
                long covered = fence.get().chainNextSeq() - 1;
                long held = lastSeq(connection, lineId);
                if (held < covered) {
                    throw new IllegalStateException("the fence of line " + lineId + " stays: the chain covers"
                            + " sequences up to " + covered + " but the store holds only up to " + held
                            + "; restore the missing records first");
                }
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM line_fences WHERE line_id = ?")) {
                    delete.setString(1, lineId);
                    delete.executeUpdate();
                }
                return null;
            });
        } finally {
            lock.unlock();
        }
    }

    private static LineFence fence(ResultSet rs) throws SQLException {
        return new LineFence(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), instant(rs, 5));
    }

    /** Reads a job and locks its row for the rest of the transaction. */
    private static AnchorJob lockJob(Connection connection, long jobId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT " + JOB_COLUMNS + " FROM anchor_jobs j WHERE j.id = ? FOR UPDATE")) {
            statement.setLong(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no anchor job with id " + jobId);
                }
                return job(rs);
            }
        }
    }

    private static AnchorJob job(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        String lineId = rs.getString(2);
        long firstSeq = rs.getLong(3);
        long lastSeq = rs.getLong(4);
        Bytes32 root = Bytes32.fromHex(rs.getString(5).trim());
        AnchorJob.Status status = AnchorJob.Status.valueOf(rs.getString(6));
        String txHash = rs.getString(7);
        Anchor anchor = status == AnchorJob.Status.ANCHORED
                ? new Anchor(rs.getLong(8), rs.getString(9), txHash, rs.getLong(10), rs.getLong(11), lineId,
                firstSeq, lastSeq, root)
                : null;
        return new AnchorJob(id, lineId, firstSeq, lastSeq, root, status, txHash, anchor);
    }

    // ---- reading and checking records ------------------------------------------------------------------

    private List<LineRecord> query(String operation, String sql, Object... parameters) {
        return withConnection(operation, connection -> query(connection, sql, parameters));
    }

    private static List<LineRecord> query(Connection connection, String sql, Object... parameters)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<LineRecord> records = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    records.add(checkedRecord(rs));
                }
            }
            return records;
        }
    }

    /** Rebuilds the record from its JSON and salt and checks it against the digest and columns stored beside it. */
    private static LineRecord checkedRecord(ResultSet rs) throws SQLException {
        String lineId = rs.getString(1);
        long seq = rs.getLong(2);
        LineRecord record;
        Bytes32 storedDigest;
        try {
            storedDigest = Bytes32.fromHex(rs.getString(6).trim());
            record = LineRecord.fromCanonical(rs.getString(8), Bytes32.fromHex(rs.getString(7).trim()));
        } catch (IllegalArgumentException e) {
            throw new TamperedRecordException(lineId, seq, "stored record is unreadable: " + e.getMessage());
        }
        if (!record.digest().equals(storedDigest)) {
            throw new TamperedRecordException(lineId, seq, "stored digest " + storedDigest
                    + " differs from " + record.digest() + ", the digest of its stored JSON and salt");
        }
        if (!record.lineId().equals(lineId) || record.seq() != seq || !record.type().equals(rs.getString(3))
                || !Objects.equals(record.batchId(), rs.getString(4))
                || !record.prevDigest().hex().equals(rs.getString(5).trim())) {
            throw new TamperedRecordException(lineId, seq, "its columns (line, seq, type, batch, prev) differ"
                    + " from its signed JSON " + record.canonicalJson());
        }
        return record;
    }

    /** Consecutive records must link: no gap in the sequence and each one names its predecessor's digest. */
    private static void checkChain(List<LineRecord> records) {
        for (int i = 1; i < records.size(); i++) {
            LineRecord previous = records.get(i - 1);
            LineRecord record = records.get(i);
            if (record.seq() != previous.seq() + 1) {
                throw new TamperedRecordException(record.lineId(), record.seq(),
                        "the sequence has a gap after seq " + previous.seq());
            }
            if (!record.prevDigest().equals(previous.digest())) {
                throw new TamperedRecordException(record.lineId(), record.seq(), "its prev digest "
                        + record.prevDigest() + " is not the digest " + previous.digest() + " of seq " + previous.seq());
            }
        }
    }

    // ---- JDBC plumbing ---------------------------------------------------------------------------------

    /** Work on one connection; also what {@link JdbcBatchSeals} hands to {@link #transaction(DataSource, SqlWork)}. */
    @FunctionalInterface
    interface SqlWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    private <T> T withConnection(String operation, SqlWork<T> work) {
        ensureSchema();
        try (Connection connection = dataSource.getConnection()) {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException(operation + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransactionOrFail(String operation, SqlWork<T> work) {
        try {
            return inTransaction(work);
        } catch (SQLException e) {
            throw new StoreException(operation + " failed: " + e.getMessage(), e);
        }
    }

    private <T> T inTransaction(SqlWork<T> work) throws SQLException {
        ensureSchema();
        return transaction(work);
    }

    /** One transaction, without first migrating the schema (what the migration itself uses). */
    private <T> T transaction(SqlWork<T> work) throws SQLException {
        return transaction(dataSource, work);
    }

    /** One transaction on a connection of {@code dataSource}: committed when the work returns, else rolled back. */
    static <T> T transaction(DataSource dataSource, SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.apply(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
