package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.RecordDraft;
import io.lineledger.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreComponentTest {

    @Test
    void emptyJdbcUrlMeansADurableFileDatabaseUnderKarafsDataDirectory() {
        String previous = System.getProperty("karaf.data");
        System.setProperty("karaf.data", "/opt/karaf/data");
        try {
            assertEquals("jdbc:h2:file:/opt/karaf/data/lineledger/store;WRITE_DELAY=0",
                    EmbeddedH2.durableUrl("", "pid", "jdbcUrl"));
        } finally {
            if (previous == null) {
                System.clearProperty("karaf.data");
            } else {
                System.setProperty("karaf.data", previous);
            }
        }
    }

    @Test
    void fileDatabasesGetDurableCommitsAndInMemoryOnesStayAsTheyAre() {
        assertEquals("jdbc:h2:file:/x/db;AUTO_SERVER=TRUE;WRITE_DELAY=0",
                EmbeddedH2.durableUrl("jdbc:h2:file:/x/db;AUTO_SERVER=TRUE", "pid", "jdbcUrl"));
        assertEquals("jdbc:h2:./db;WRITE_DELAY=0", EmbeddedH2.durableUrl("jdbc:h2:./db", "pid", "jdbcUrl"));
        assertEquals("jdbc:h2:file:/x/db;write_delay=0",
                EmbeddedH2.durableUrl("jdbc:h2:file:/x/db;write_delay=0", "pid", "jdbcUrl"));
        assertEquals("jdbc:h2:mem:t", EmbeddedH2.durableUrl("jdbc:h2:mem:t", "pid", "jdbcUrl"));
    }

    @Test
    void aWriteDelayThatCouldLoseAcknowledgedRecordsIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedH2.durableUrl("jdbc:h2:file:/x/db;WRITE_DELAY=500", "io.lineledger.store.h2", "jdbcUrl"));
        assertTrue(e.getMessage().contains("io.lineledger.store.h2: jdbcUrl"), e.getMessage());
        assertTrue(e.getMessage().contains("WRITE_DELAY=500"), e.getMessage());
    }

    @Test
    void aNonH2UrlIsRejectedNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddedH2.durableUrl("jdbc:mysql://db/x", "io.lineledger.store.h2", "jdbcUrl"));
        assertTrue(e.getMessage().contains("io.lineledger.store.h2: jdbcUrl"), e.getMessage());
        assertTrue(e.getMessage().contains("jdbc:mysql://db/x"), e.getMessage());
    }

    @Test
    void theStoreOpensOnTheEmbeddedDataSource() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:component", 4));
        try {
            StoreComponent store = new StoreComponent(h2, Map.of());
            assertEquals(1, store.append(new RecordDraft("line-1", "note", null, Map.of())).seq());
        } finally {
            h2.close();
        }
    }

    @Test
    void aDatabaseDownAtStartDelaysTheStoreInsteadOfFailingIt() throws SQLException {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:down", 4));
        AtomicBoolean up = new AtomicBoolean(false);
        DataSource flaky = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && !up.get()) {
                        throw new SQLException("Connection refused", "08001");
                    }
                    try {
                        return method.invoke(h2, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        try {
            StoreComponent store = new StoreComponent(flaky, Map.of());
            RecordDraft draft = new RecordDraft("line-1", "note", null, Map.of());
            StoreException down = assertThrows(StoreException.class, () -> store.append(draft));
            assertTrue(down.getMessage().contains("Connection refused"), down.getMessage());

            up.set(true);
            assertEquals(1, store.append(draft).seq(), "the first operation after the outage migrates and appends");
        } finally {
            h2.close();
        }
    }

    @Test
    void embeddedDatabaseKeysLeftInTheStorePidAreRejectedNamingTheNewPid() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:moved", 4));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new StoreComponent(h2, Map.of("jdbcUrl", "jdbc:h2:file:/x")));
            assertTrue(e.getMessage().contains("io.lineledger.store: jdbcUrl"), e.getMessage());
            assertTrue(e.getMessage().contains("io.lineledger.store.h2"), e.getMessage());
        } finally {
            h2.close();
        }
    }

    @Test
    void aPoolSizeBelowOneIsRejectedNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:x", 0)));
        assertEquals("io.lineledger.store.h2: maxConnections must be >= 1, got 0", e.getMessage());
    }

    @Test
    void pageViewsGetTheConfiguredBudgetOfConnections() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:pages", 8));
        try {
            StoreComponent store = new StoreComponent(h2, Map.of("pages.maxConnections", "3",
                    "pages.connectionWaitMillis", 250L));
            assertEquals(3, store.pageViews().budget().maxConnections());
            store.append(new RecordDraft("line-1", "note", "B1", Map.of()));
            assertEquals(1, store.pageViews().batch("B1").size(), "page views read the store's records");

            StoreComponent defaults = new StoreComponent(h2, Map.of());
            assertEquals(StoreComponent.DEFAULT_PAGES_MAX_CONNECTIONS, defaults.pageViews().budget().maxConnections());
        } finally {
            h2.close();
        }
    }

    @Test
    void unsetThePageBudgetTakesAtMostHalfASmallPool() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:small", 4));
        try {
            assertEquals(2, new StoreComponent(h2, Map.of()).pageViews().budget().maxConnections());
        } finally {
            h2.close();
        }
    }

    @Test
    void aPageBudgetThatWouldLeaveRecordingNoConnectionIsRejectedNamingPidKeyAndValue() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:budget", 4));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new StoreComponent(h2, Map.of("pages.maxConnections", 4)));
            assertTrue(e.getMessage().startsWith("io.lineledger.store: pages.maxConnections must be below the data"
                    + " source's pool size 4"), e.getMessage());
            assertTrue(e.getMessage().contains("got 4"), e.getMessage());
            assertTrue(e.getMessage().contains("io.lineledger.store.h2 maxConnections"), e.getMessage());
        } finally {
            h2.close();
        }
    }

    @Test
    void malformedPageBudgetSettingsAreRejectedNamingPidKeyAndValue() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:malformed", 8));
        try {
            assertEquals("io.lineledger.store: pages.maxConnections must be a whole number, got 'four'",
                    assertThrows(IllegalArgumentException.class,
                            () -> new StoreComponent(h2, Map.of("pages.maxConnections", "four"))).getMessage());
            assertEquals("io.lineledger.store: pages.maxConnections must be 1..2147483647, got 0",
                    assertThrows(IllegalArgumentException.class,
                            () -> new StoreComponent(h2, Map.of("pages.maxConnections", 0))).getMessage());
            assertEquals("io.lineledger.store: pages.connectionWaitMillis must be 0..600000, got -5",
                    assertThrows(IllegalArgumentException.class,
                            () -> new StoreComponent(h2, Map.of("pages.connectionWaitMillis", " -5 "))).getMessage());
        } finally {
            h2.close();
        }
    }

    @Test
    void thePoolSizeIsKnownForTheEmbeddedPoolAndForPoolsThatTellIt() {
        EmbeddedH2DataSourceComponent h2 = new EmbeddedH2DataSourceComponent(h2Config("jdbc:h2:mem:size", 7));
        try {
            assertEquals(java.util.OptionalInt.of(7), StoreComponent.poolSize(h2));
        } finally {
            h2.close();
        }
        assertEquals(java.util.OptionalInt.of(24), StoreComponent.poolSize(new TellsItsPoolSize()),
                "a pool with HikariCP's getMaximumPoolSize()");
        assertEquals(java.util.OptionalInt.empty(), StoreComponent.poolSize(new org.h2.jdbcx.JdbcDataSource()));
    }

    /** Stands for HikariCP's data source, which pax-jdbc-config registers: it tells its size the same way. */
    public static final class TellsItsPoolSize implements DataSource {

        public int getMaximumPoolSize() {
            return 24;
        }

        @Override
        public java.sql.Connection getConnection() throws SQLException {
            throw new SQLException("no database here");
        }

        @Override
        public java.sql.Connection getConnection(String user, String password) throws SQLException {
            throw new SQLException("no database here");
        }

        @Override
        public java.io.PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public java.util.logging.Logger getParentLogger() {
            return java.util.logging.Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return false;
        }
    }

    private static EmbeddedH2Config h2Config(String url, int maxConnections) {
        return new EmbeddedH2Config() {
            @Override
            public String jdbcUrl() {
                return url + ";DB_CLOSE_DELAY=-1";
            }

            @Override
            public String user() {
                return "sa";
            }

            @Override
            public String password() {
                return "";
            }

            @Override
            public int maxConnections() {
                return maxConnections;
            }

            @Override
            public Class<EmbeddedH2Config> annotationType() {
                return EmbeddedH2Config.class;
            }
        };
    }

    /**
     * The OSGi service is this component, which hands each call to the JDBC store: a default method of
     * {@link io.lineledger.store.RecordStore} it did not override would silently answer with the default in Karaf
     * (the batch seal outbox did: seals never happened in the distribution while every unit test passed).
     */
    @Test
    void theServiceHandsEveryStoreMethodToTheJdbcStore() {
        java.util.List<String> notOverridden = new java.util.ArrayList<>();
        for (java.lang.reflect.Method method : io.lineledger.store.RecordStore.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                StoreComponent.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                notOverridden.add(method.getName());
            }
        }
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), notOverridden);
    }
}
