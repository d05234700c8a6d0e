package io.lineledger.store.internal;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compacts the embedded H2 file while the store runs, as H2 itself does only with a write delay. Each durable commit
 * ({@code WRITE_DELAY=0}, {@link EmbeddedH2}) writes a new chunk of the changed pages (~50 KB for ten records), and a
 * chunk is freed only once none of its pages is live; a record page that filled up stays live in whatever chunk wrote
 * it. H2 moves such pages out of old chunks in its background writer, which {@code WRITE_DELAY=0} switches off: the
 * file grew by ~16 MB/s at 300 commits/s without end (2.3 GB after 150 s; 4.4 GB after four minutes of 84 lines in
 * Karaf), and would fill the disk.
 *
 * <p>Every pass first forces what H2 wrote to the disk ({@code fsync}), then, when the chunks hold less than
 * {@value #TARGET_FILL_PERCENT} % live data, rewrites the live pages of the emptiest chunks past the retention time (up
 * to {@value #REWRITE_BYTES} bytes) into the next commit; the old chunks are freed once past the retention time again,
 * and new chunks reuse their space. H2's retention time (45 s) assumes the operating system writes a chunk to the disk
 * within it, so that a power cut finds an older chunk intact; since this forces every second, the retention is
 * {@value #SYNCED_RETENTION_MS} ms while the passes succeed, and H2's again when one fails. The file holds its records
 * plus about twice the retention time of commits, whatever the run time: at 300 commits/s ~6,000 chunks with 10 s,
 * ~27,500 (1.6 GB) with H2's 45 s, each chunk's description held in the heap ({@code StoreFileGrowthBenchmark}). A
 * file that grew before this ran stops growing, its free space reused. Every page of records is written twice, once by
 * its commit and once here; at 50,000 values/s offered one session measured ~20 % fewer records/s for it, the next
 * none (BENCHMARKS.md "Store file").
 */
final class EmbeddedH2Housekeeping implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedH2Housekeeping.class);
    static final int TARGET_FILL_PERCENT = 70;
    static final int REWRITE_BYTES = 4 * 1024 * 1024;
    /** Retention while every pass forces the file: several passes, so a late one still leaves a margin. */
    static final int SYNCED_RETENTION_MS = 10_000;

    private final DataSource database;
    private final ScheduledExecutorService thread;
    // the housekeeping thread's, and close()'s once that thread has ended
    private volatile MVStore store;
    /** H2's own retention time, restored when a pass fails and at close; -1 until the store is first reached. */
    private volatile int ownRetentionMs = -1;
    private boolean unreachableLogged;
    private boolean failureLogged;

    /** Compacts the file of {@code database} (the embedded pool) every {@code every}, on a thread of its own. */
    static EmbeddedH2Housekeeping every(DataSource database, Duration every, String name) {
        return new EmbeddedH2Housekeeping(database, every, name);
    }

    private EmbeddedH2Housekeeping(DataSource database, Duration every, String name) {
        this.database = Objects.requireNonNull(database, "database");
        thread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread housekeeping = new Thread(task, name);
            housekeeping.setDaemon(true);
            return housekeeping;
        });
        long millis = every.toMillis();
        thread.scheduleWithFixedDelay(this::pass, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void pass() {
        try {
            compactOnce();
            failureLogged = false;
        } catch (RuntimeException e) {
            if (!failureLogged) { // once until a pass succeeds again: it runs every second
                failureLogged = true;
                LOG.warn("Embedded H2: compacting the store file failed ({}); trying again", e.toString());
            }
            restoreOwnRetention();
            store = null;
        }
    }

    /** One pass; true when it rewrote anything. */
    boolean compactOnce() {
        Optional<MVStore> mvStore = store();
        if (mvStore.isEmpty()) {
            return false;
        }
        MVStore mv = mvStore.get();
        FileStore<?> file = mv.getFileStore();
        if (file == null || file.isReadOnly()) {
            return false; // in memory, or opened read-only: nothing to compact
        }
        mv.sync(); // before the shorter retention: every chunk it lets H2 reuse was replaced on the disk
        if (ownRetentionMs < 0) {
            ownRetentionMs = mv.getRetentionTime();
        }
        if (mv.getRetentionTime() != SYNCED_RETENTION_MS && ownRetentionMs > SYNCED_RETENTION_MS) {
            mv.setRetentionTime(SYNCED_RETENTION_MS);
        }
        if (file.getChunksFillRate() >= TARGET_FILL_PERCENT) {
            return false;
        }
        boolean rewrote = mv.compact(TARGET_FILL_PERCENT, REWRITE_BYTES);
        if (rewrote) {
            mv.commit(); // the rewritten pages, also when no append comes
        }
        return rewrote;
    }

    /** Back to H2's retention time: without the passes' forcing, the system decides when chunks reach the disk. */
    private void restoreOwnRetention() {
        MVStore mv = store;
        if (mv == null || ownRetentionMs < 0 || mv.isClosed()) {
            return;
        }
        try {
            mv.setRetentionTime(ownRetentionMs);
        } catch (RuntimeException e) {
            LOG.debug("Embedded H2: the retention time could not be restored", e);
        }
    }

    /** The database's MVStore, held while it is open; empty when the pool cannot give it now. */
    private Optional<MVStore> store() {
        if (store != null && !store.isClosed()) {
            return Optional.of(store);
        }
        store = null;
        try (Connection connection = database.getConnection()) {
            store = mvStoreOf(connection);
            unreachableLogged = false;
            return Optional.of(store);
        } catch (SQLException | ReflectiveOperationException | ClassCastException e) {
            if (!unreachableLogged) {
                unreachableLogged = true;
                LOG.warn("Embedded H2: its store file cannot be compacted now ({}); trying again", e.toString());
            }
            return Optional.empty();
        }
    }

    /**
     * The MVStore behind an H2 connection. The session, database and store classes are H2 internals its bundle does not
     * export, hence the reflective calls; {@link MVStore} itself is exported.
     */
    static MVStore mvStoreOf(Connection connection) throws SQLException, ReflectiveOperationException {
        // getSession() by name too: its return type is in a package H2 does not export
        Object session = call(connection.unwrap(JdbcConnection.class), "getSession");
        Object h2Database = call(session, "getDatabase");
        Object h2Store = call(h2Database, "getStore");
        return (MVStore) call(h2Store, "getMvStore");
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS); // a pass under way ends before the pool closes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        restoreOwnRetention(); // nothing forces the file any more
    }
}
