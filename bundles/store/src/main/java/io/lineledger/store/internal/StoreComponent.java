package io.lineledger.store.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchPage;
import io.lineledger.store.BatchQuery;
import io.lineledger.store.BatchSeals;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the {@link RecordStore} on the {@link DataSource} service that {@code dataSource.target} in
 * {@code etc/io.lineledger.store.cfg} selects: by default the embedded H2 database
 * ({@link EmbeddedH2DataSourceComponent}); for PostgreSQL, the data source pax-jdbc-config creates from
 * {@code etc/org.ops4j.datasource-lineledger.cfg}, selected with {@code dataSource.target = (dataSourceName=lineledger)}.
 * The reference is static: when the data source goes away the store goes with it and comes back with it.
 *
 * <p>It also builds the store page views read through ({@link #pageViews()}: at most {@code pages.maxConnections} of
 * the data source's connections), which {@link PageViewStore} registers as a second {@code RecordStore} service. DS
 * registers that one, not this constructor: a service registered from inside an activation fires the HTTP
 * whiteboard and everything that waits for pages while the component that asked for this store is still
 * activating, and after a restart that cycle left the status page without its anchoring part.
 */
@Component(service = RecordStore.class, immediate = true, configurationPid = StoreComponent.PID)
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements RecordStore {

    static final String PID = "io.lineledger.store";
    static final String PAGES_MAX_CONNECTIONS = "pages.maxConnections";
    static final String PAGES_WAIT_MILLIS = "pages.connectionWaitMillis";
    static final int DEFAULT_PAGES_MAX_CONNECTIONS = 4;
    static final long DEFAULT_PAGES_WAIT_MILLIS = 5_000;

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    /** Keys of the embedded database that lived in this PID before it had its own. */
    private static final List<String> MOVED_KEYS = List.of("jdbcUrl", "user", "password", "maxConnections");

    private final JdbcRecordStore store;
    private final PageViewStore pageViews;

    @Activate
    public StoreComponent(
            @Reference(name = "dataSource", target = "(dataSourceName=" + EmbeddedH2DataSourceComponent.NAME + ")")
            DataSource dataSource,
            Map<String, Object> properties) {
        for (String key : MOVED_KEYS) {
            if (properties.containsKey(key)) {
                throw new IllegalArgumentException(PID + ": " + key + " is no longer read here (got "
                        + (key.equals("password") ? "****" : properties.get(key)) + "): set it in "
                        + EmbeddedH2DataSourceComponent.PID + " (the embedded H2 database), or select another"
                        + " data source with dataSource.target");
            }
        }
        OptionalInt poolSize = poolSize(dataSource);
        boolean pagesConfigured = isSet(properties, PAGES_MAX_CONNECTIONS);
        // unset: the default, but never more than half a small pool (a pool configured before page views had a budget)
        int pageConnections = (int) number(properties, PAGES_MAX_CONNECTIONS, poolSize.isPresent()
                ? Math.min(DEFAULT_PAGES_MAX_CONNECTIONS, Math.max(1, poolSize.getAsInt() / 2))
                : DEFAULT_PAGES_MAX_CONNECTIONS, 1, Integer.MAX_VALUE);
        long pageWait = number(properties, PAGES_WAIT_MILLIS, DEFAULT_PAGES_WAIT_MILLIS, 0, 600_000);
        if (!pagesConfigured && poolSize.isPresent() && pageConnections >= poolSize.getAsInt()) {
            LOG.warn("{}: the data source's pool has {} connection(s): page views share it with recording; enlarge the"
                    + " pool to keep recording's connections free of them", PID, poolSize.getAsInt());
        } else if (poolSize.isPresent() && pageConnections >= poolSize.getAsInt()) {
            throw new IllegalArgumentException(PID + ": " + PAGES_MAX_CONNECTIONS + " must be below the data source's"
                    + " pool size " + poolSize.getAsInt() + " (recording and anchoring need the rest), got "
                    + pageConnections + "; lower it or enlarge the pool (" + EmbeddedH2DataSourceComponent.PID
                    + " maxConnections for the embedded H2 database, hikari.maximumPoolSize for PostgreSQL)");
        }
        store = JdbcRecordStore.openDeferringMigration(dataSource, Clock.systemUTC())
                .indexingStoredBatchesInBackground();
        pageViews = PageViewStore.of(store, new ConnectionBudget(dataSource, pageConnections, pageWait, "page views",
                PID + " " + PAGES_MAX_CONNECTIONS));
        // the metatype's boolean, read from the map so that a configuration admin's string "true" counts too
        if (Boolean.parseBoolean(String.valueOf(properties.get("awaitChainCheck")).trim())) {
            store.awaitingChainCheck();
        }
        String database = null;
        try {
            database = describe(dataSource);
        } catch (SQLException e) {
            // a database that is down at start must not fail the store for good: its operations fail until it is
            // back, and the first one that reaches it migrates the schema
            LOG.warn("{}: the record store's database is not reachable yet ({}); recording fails until it is back",
                    PID, e.getMessage());
        }
        if (database != null) {
            try {
                store.ensureSchema();
            } catch (RuntimeException e) {
                throw new IllegalStateException(PID + ": cannot open the store on " + database + " (dataSource.target="
                        + properties.getOrDefault("dataSource.target", "the embedded H2 database") + "): "
                        + e.getMessage(), e);
            }
            LOG.info("Record store open on {}; page views read through at most {} of {} connections (wait {} ms)",
                    database, pageConnections, poolSize.isPresent() ? "the pool's " + poolSize.getAsInt()
                            : "the data source's", pageWait);
        }
        if (poolSize.isEmpty()) {
            LOG.info("{}: the data source's pool size is not known here; keep {} ({}) below it so that recording"
                    + " keeps connections while pages are viewed", PID, PAGES_MAX_CONNECTIONS, pageConnections);
        }
    }

    /** The store page views read through ({@link PageViewStore} registers it as its own service). */
    PageViewStore pageViews() {
        return pageViews;
    }

    private static boolean isSet(Map<String, Object> properties, String key) {
        Object value = properties.get(key);
        return value != null && !String.valueOf(value).isBlank();
    }

    /** A whole-number setting within {@code [min, max]}; a configuration admin may hand it over as a string. */
    static long number(Map<String, Object> properties, String key, long defaultValue, long min, long max) {
        Object value = properties.get(key);
        if (value == null || String.valueOf(value).isBlank()) {
            return defaultValue;
        }
        long parsed;
        try {
            parsed = value instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PID + ": " + key + " must be a whole number, got '" + value + "'", e);
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException(PID + ": " + key + " must be " + min + ".." + max + ", got " + parsed);
        }
        return parsed;
    }

    /**
     * The most connections the data source's pool opens, when it tells: the embedded H2 pool, or a pool with a
     * public {@code getMaximumPoolSize()} (HikariCP, as pax-jdbc-config registers it). Empty when it does not.
     */
    static OptionalInt poolSize(DataSource dataSource) {
        try {
            if (dataSource instanceof EmbeddedH2DataSourceComponent embedded) {
                return OptionalInt.of(embedded.maxConnections());
            }
            if (dataSource instanceof JdbcConnectionPool h2) {
                return OptionalInt.of(h2.getMaxConnections());
            }
            if (dataSource.isWrapperFor(JdbcConnectionPool.class)) {
                return OptionalInt.of(dataSource.unwrap(JdbcConnectionPool.class).getMaxConnections());
            }
            Object size = dataSource.getClass().getMethod("getMaximumPoolSize").invoke(dataSource);
            return size instanceof Integer n && n > 0 ? OptionalInt.of(n) : OptionalInt.empty();
        } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    /** Product, version and URL without its parameters (PostgreSQL lists every driver setting there), for the log. */
    private static String describe(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            String url = String.valueOf(meta.getURL());
            int parameters = url.indexOf('?');
            return meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion() + " at "
                    + (parameters < 0 ? url : url.substring(0, parameters));
        }
    }

    @Override
    public LineRecord append(RecordDraft draft) {
        return store.append(draft);
    }

    @Override
    public List<LineRecord> appendAll(List<RecordDraft> drafts) {
        return store.appendAll(drafts);
    }

    @Override
    public Optional<LineRecord> find(String lineId, long seq) {
        return store.find(lineId, seq);
    }

    @Override
    public List<LineRecord> range(String lineId, long firstSeq, long lastSeq) {
        return store.range(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<Bytes32> digests(String lineId, long firstSeq, long lastSeq) {
        return store.digests(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<Bytes32> committedDigests(String lineId, long firstSeq, long lastSeq) {
        return store.committedDigests(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<Bytes32> storedDigests(String lineId, long firstSeq, long lastSeq) {
        return store.storedDigests(lineId, firstSeq, lastSeq);
    }

    @Override
    public List<LineRecord> batch(String batchId) {
        return store.batch(batchId);
    }

    @Override
    public List<BatchSummary> recentBatches(int limit) {
        return store.recentBatches(limit);
    }

    @Override
    public BatchPage batches(BatchQuery query) {
        return store.batches(query);
    }

    @Override
    public List<LineRecord> gapsTouching(String lineId, Instant from, Instant to) {
        return store.gapsTouching(lineId, from, to);
    }

    @Override
    public long lastSeq(String lineId) {
        return store.lastSeq(lineId);
    }

    @Override
    public SortedMap<String, Long> lastSeqs() {
        return store.lastSeqs();
    }

    @Override
    public List<String> lineIds() {
        return store.lineIds();
    }

    @Override
    public Set<String> linesAwaitingChainCheck() {
        return store.linesAwaitingChainCheck();
    }

    @Override
    public void chainChecked(String lineId) {
        store.chainChecked(lineId);
    }

    @Override
    public List<LineRecord> unanchored(String lineId, int limit) {
        return store.unanchored(lineId, limit);
    }

    @Override
    public AnchorJob createAnchorJob(String lineId, long firstSeq, long lastSeq, Bytes32 root) {
        return store.createAnchorJob(lineId, firstSeq, lastSeq, root);
    }

    @Override
    public void markSent(long jobId, String txHash) {
        store.markSent(jobId, txHash);
    }

    @Override
    public void markAnchored(long jobId, Anchor anchor) {
        store.markAnchored(jobId, anchor);
    }

    @Override
    public AnchorJob unmarkAnchored(Anchor anchor) {
        return store.unmarkAnchored(anchor);
    }

    @Override
    public List<AnchorJob> openJobs() {
        return store.openJobs();
    }

    @Override
    public Optional<Anchor> anchorOf(String lineId, long seq) {
        return store.anchorOf(lineId, seq);
    }

    @Override
    public LineFence fenceLine(String lineId, long chainNextSeq, String reason) {
        return store.fenceLine(lineId, chainNextSeq, reason);
    }

    @Override
    public Optional<LineFence> fenceOf(String lineId) {
        return store.fenceOf(lineId);
    }

    @Override
    public List<LineFence> fences() {
        return store.fences();
    }

    @Override
    public void liftFence(String lineId) {
        store.liftFence(lineId);
    }

    @Override
    public Optional<BatchSeals> batchSeals() {
        return store.batchSeals();
    }
}
