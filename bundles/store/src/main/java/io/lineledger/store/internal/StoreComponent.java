package io.lineledger.store.internal;

import io.lineledger.model.Anchor;
import io.lineledger.model.Bytes32;
import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.AnchorJob;
import io.lineledger.store.BatchSummary;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Registers the {@link RecordStore} on the database configured by {@code etc/io.lineledger.store.cfg}. */
@Component(service = RecordStore.class, configurationPid = StoreComponent.PID)
@Designate(ocd = StoreConfig.class)
public final class StoreComponent implements RecordStore {

    static final String PID = "io.lineledger.store";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final JdbcConnectionPool pool;
    private final JdbcRecordStore store;

    @Activate
    public StoreComponent(StoreConfig config) {
        String url = jdbcUrl(config.jdbcUrl());
        if (config.maxConnections() < 1) {
            throw new IllegalArgumentException(PID + ": maxConnections must be >= 1, got " + config.maxConnections());
        }
        pool = JdbcConnectionPool.create(url, config.user(), config.password());
        pool.setMaxConnections(config.maxConnections());
        try {
            store = new JdbcRecordStore(pool);
        } catch (RuntimeException e) {
            pool.dispose();
            throw new IllegalStateException(PID + ": cannot open the store at jdbcUrl=" + url + ": " + e.getMessage(), e);
        }
        LOG.info("Record store open at {}", url);
    }

    /** The configured URL, or a file database under Karaf's data directory. */
    static String jdbcUrl(String configured) {
        String url = configured == null ? "" : configured.trim();
        if (url.isEmpty()) {
            String dataDir = System.getProperty("karaf.data");
            Path base = dataDir != null && !dataDir.isBlank() ? Path.of(dataDir) : Path.of("data").toAbsolutePath();
            return "jdbc:h2:file:" + base.resolve("lineledger").resolve("store");
        }
        // the bundle embeds no other driver; PostgreSQL support comes with its own data source
        if (!url.startsWith("jdbc:h2:")) {
            throw new IllegalArgumentException(PID + ": jdbcUrl must be an H2 URL (jdbc:h2:...), got " + url);
        }
        return url;
    }

    @Deactivate
    void close() {
        pool.dispose();
    }

    @Override
    public LineRecord append(RecordDraft draft) {
        return store.append(draft);
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
    public long lastSeq(String lineId) {
        return store.lastSeq(lineId);
    }

    @Override
    public List<String> lineIds() {
        return store.lineIds();
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
}
