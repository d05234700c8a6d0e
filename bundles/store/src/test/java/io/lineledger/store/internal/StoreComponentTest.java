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
