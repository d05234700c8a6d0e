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
import java.util.Set;
import javax.sql.DataSource;
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
 */
@Component(service = RecordStore.class, configurationPid = StoreComponent.PID)
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements RecordStore {

    static final String PID = "io.lineledger.store";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);
    /** Keys of the embedded database that lived in this PID before it had its own. */
    private static final List<String> MOVED_KEYS = List.of("jdbcUrl", "user", "password", "maxConnections");

    private final JdbcRecordStore store;

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
        store = JdbcRecordStore.openDeferringMigration(dataSource, Clock.systemUTC());
        // the metatype's boolean, read from the map so that a configuration admin's string "true" counts too
        if (Boolean.parseBoolean(String.valueOf(properties.get("awaitChainCheck")).trim())) {
            store.awaitingChainCheck();
        }
        String database;
        try {
            database = describe(dataSource);
        } catch (SQLException e) {
            // a database that is down at start must not fail the store for good: its operations fail until it is
            // back, and the first one that reaches it migrates the schema
            LOG.warn("{}: the record store's database is not reachable yet ({}); recording fails until it is back",
                    PID, e.getMessage());
            return;
        }
        try {
            store.ensureSchema();
        } catch (RuntimeException e) {
            throw new IllegalStateException(PID + ": cannot open the store on " + database + " (dataSource.target="
                    + properties.getOrDefault("dataSource.target", "the embedded H2 database") + "): "
                    + e.getMessage(), e);
        }
        LOG.info("Record store open on {}", database);
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
