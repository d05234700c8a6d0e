package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineRecord;
import io.lineledger.model.RecordDraft;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreBusyException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Page views read through a budget of connections of their own; recording keeps the rest of the pool. The pool here
 * has {@value #POOL} connections, the page budget {@value #BUDGET}: if page views could take more, the appends below
 * would wait for a connection (H2's pool waits 30 s, PostgreSQL's here as long) instead of committing at once.
 */
class PageViewStoreTest {

    private static final int POOL = 6;
    private static final int BUDGET = 4;
    private static final long WAIT_MILLIS = 200;

    private TestDatabase.Opened database;
    private JdbcConnectionPool pool;
    private JdbcRecordStore recording;
    private PageViewStore pages;
    private final List<Connection> held = new ArrayList<>();

    private void open(TestDatabase kind) throws SQLException {
        database = kind.open();
        pool = database.dataSource() instanceof JdbcConnectionPool h2 ? h2 : TestDatabase.pooled(database);
        pool.setMaxConnections(POOL);
        recording = JdbcRecordStore.openDeferringMigration(pool, Clock.systemUTC());
        pages = PageViewStore.of(recording, new ConnectionBudget(pool, BUDGET, WAIT_MILLIS, "page views",
                "io.lineledger.store pages.maxConnections"));
    }

    @AfterEach
    void close() throws SQLException {
        for (Connection connection : held) {
            connection.close();
        }
        if (database != null) {
            if (pool != database.dataSource()) {
                pool.dispose();
            }
            database.close();
        }
    }

    private static RecordDraft draft(String line, String batch, int n) {
        return new RecordDraft(line, "quality", batch, Map.of("value", 495.5 + n, "verdict", "PASS", "n", n));
    }

    /** Takes every connection of the page budget and keeps it: what a burst of long page views does. */
    private void exhaustThePageBudget() throws SQLException {
        for (int i = 0; i < BUDGET; i++) {
            held.add(pages.budget().getConnection());
        }
        assertEquals(BUDGET, pages.budget().inUse());
    }

    @OnEachDatabase
    void appendsCommitPromptlyWhilePageViewsHoldTheirWholeBudget(TestDatabase kind) throws Exception {
        open(kind);
        recording.append(draft("line-1", "B1", 0));
        exhaustThePageBudget();

        // two lines record at once, as the rules do, each with a group commit per batch of values
        ExecutorService lines = Executors.newFixedThreadPool(2);
        try {
            List<Future<Long>> slowest = new ArrayList<>();
            for (String line : List.of("line-1", "line-2")) {
                slowest.add(lines.submit(() -> {
                    long worst = 0;
                    for (int i = 1; i <= 20; i++) {
                        long start = System.nanoTime();
                        recording.appendAll(List.of(draft(line, "B1", i), draft(line, "B1", i + 100)));
                        worst = Math.max(worst, System.nanoTime() - start);
                    }
                    return worst;
                }));
            }
            for (Future<Long> worst : slowest) {
                // a commit takes milliseconds; waiting for a connection the pages hold would take the pool's timeout
                assertTrue(Duration.ofNanos(worst.get(20, TimeUnit.SECONDS)).toMillis() < 2_000,
                        "slowest append " + Duration.ofNanos(worst.get()).toMillis() + " ms");
            }
        } finally {
            lines.shutdownNow();
        }
        assertEquals(41, recording.lastSeq("line-1"));
        assertEquals(40, recording.lastSeq("line-2"));
        // anchoring, which reads through the recording store, is not held up either
        assertEquals(41, recording.unanchored("line-1", 100).size());
    }

    @OnEachDatabase
    void aPageViewThatFindsTheBudgetBusyForItsWholeWaitIsRefusedNamingTheSetting(TestDatabase kind)
            throws Exception {
        open(kind);
        recording.append(draft("line-1", "B1", 0));
        exhaustThePageBudget();

        long start = System.nanoTime();
        StoreBusyException busy = assertThrows(StoreBusyException.class, () -> pages.batch("B1"));
        long waited = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertTrue(waited >= WAIT_MILLIS - 20 && waited < WAIT_MILLIS + 2_000, "waited " + waited + " ms");
        assertTrue(busy.getMessage().contains("io.lineledger.store pages.maxConnections"), busy.getMessage());
        assertTrue(busy.getMessage().contains("all " + BUDGET), busy.getMessage());
        assertEquals(1, pages.budget().refused());
        // a release signed on a page is a record: it is written through the recording store, not refused
        LineRecord release = pages.append(new RecordDraft("line-1", "release", "B1", Map.of("decision", "RELEASE")));
        assertEquals(2, release.seq());
    }

    @OnEachDatabase
    void aPageViewGetsAConnectionGivenBackWithinItsWait(TestDatabase kind) throws Exception {
        open(kind);
        recording.append(draft("line-1", "B1", 0));
        exhaustThePageBudget();
        ExecutorService giveBack = Executors.newSingleThreadExecutor();
        try {
            giveBack.submit(() -> {
                Thread.sleep(WAIT_MILLIS / 4);
                held.remove(0).close();
                return null;
            });
            assertEquals(1, pages.batch("B1").size());
        } finally {
            giveBack.shutdown();
        }
        assertEquals(0, pages.budget().refused());
        assertEquals(BUDGET - 1, pages.budget().inUse(), "the page's connection went back to the budget");
    }

    @OnEachDatabase
    void pageViewsReadWhatRecordingWroteAndLetItMigrateTheSchema(TestDatabase kind) throws Exception {
        open(kind);
        // the first operation of all is a page view: the recording store migrates the schema, not the reader
        assertEquals(Map.of(), pages.lastSeqs());
        recording.appendAll(List.of(draft("line-a", "A1", 1), draft("line-a", "A1", 2)));
        recording.append(draft("line-b", "B1", 1));

        assertEquals(Map.of("line-a", 2L, "line-b", 1L), pages.lastSeqs());
        assertEquals(List.of("line-a", "line-b"), List.copyOf(pages.lastSeqs().keySet()), "in line order");
        assertEquals(2, pages.batch("A1").size());
        assertEquals(recording.find("line-a", 2), pages.find("line-a", 2));
        assertEquals(0, pages.budget().inUse(), "every page read gave its connection back");
    }

    @Test
    void closingAConnectionTwiceGivesItsPlaceBackOnce() throws SQLException {
        JdbcConnectionPool h2 = JdbcConnectionPool.create("jdbc:h2:mem:budget-twice", "sa", "");
        try {
            ConnectionBudget budget = new ConnectionBudget(h2, 2, 0, "page views", "test");
            Connection first = budget.getConnection();
            first.close();
            first.close();
            Connection a = budget.getConnection();
            Connection b = budget.getConnection();
            assertThrows(StoreBusyException.class, budget::getConnection, "two places, two held");
            a.close();
            b.close();
            assertEquals(0, budget.inUse());
        } finally {
            h2.dispose();
        }
    }

    @Test
    void aConnectionThePoolCannotOpenGivesItsPlaceBack() {
        DataSource down = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    throw new SQLException("Connection refused", "08001");
                });
        ConnectionBudget budget = new ConnectionBudget(down, 1, 0, "page views", "test");
        assertThrows(SQLException.class, budget::getConnection);
        assertThrows(SQLException.class, budget::getConnection, "not refused as busy: the place came back");
        assertEquals(0, budget.inUse());
    }

    /** As for the recording service: a default method left to the interface would bypass the split in Karaf. */
    @Test
    void pageViewsDecideEveryStoreMethodThemselves() {
        List<String> notOverridden = new ArrayList<>();
        for (Method method : RecordStore.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                PageViewStore.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                notOverridden.add(method.getName());
            }
        }
        assertEquals(List.of(), notOverridden);
    }
}
