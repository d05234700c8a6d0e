package io.lineledger.store.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.postgresql.ds.PGConnectionPoolDataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The databases the store's tests run on: in-memory H2 always; PostgreSQL when the system property
 * {@value #POSTGRES_URL} names one (user and password: {@code lineledger.test.postgres.user} and
 * {@code .password}, default lineledger/lineledger), otherwise its cases are skipped by an assumption. Each
 * {@link #open()} gives a database of its own: a fresh H2 database, or a fresh PostgreSQL schema dropped on close.
 */
enum TestDatabase {

    H2 {
        @Override
        Opened open() {
            JdbcConnectionPool pool = JdbcConnectionPool.create(
                    "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
            pool.setMaxConnections(16);
            return new Opened(this, pool, () -> {
                try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
                pool.dispose();
            });
        }
    },

    POSTGRESQL {
        @Override
        Opened open() throws SQLException {
            String url = System.getProperty(POSTGRES_URL, "");
            // an unset Maven property arrives as its own ${...} expression
            assumeTrue(!url.isBlank() && !url.startsWith("${"),
                    "PostgreSQL cases skipped: set -D" + POSTGRES_URL + "=jdbc:postgresql://HOST:PORT/DB");
            String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
            PGSimpleDataSource admin = dataSource(url);
            try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            PGSimpleDataSource inSchema = dataSource(url);
            inSchema.setCurrentSchema(schema);
            return new Opened(this, inSchema, () -> {
                try (Connection c = admin.getConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            });
        }

        private PGSimpleDataSource dataSource(String url) {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL(url);
            dataSource.setUser(System.getProperty("lineledger.test.postgres.user", "lineledger"));
            dataSource.setPassword(System.getProperty("lineledger.test.postgres.password", "lineledger"));
            return dataSource;
        }
    };

    static final String POSTGRES_URL = "lineledger.test.postgres.url";

    /** Whether the PostgreSQL cases run. */
    static boolean postgresConfigured() {
        String url = System.getProperty(POSTGRES_URL, "");
        return !url.isBlank() && !url.startsWith("${");
    }

    /**
     * The same database through a pool of connections, as the store has it in Karaf (a benchmark must not pay for a
     * new PostgreSQL connection per operation); closing the pool is up to the caller.
     */
    static JdbcConnectionPool pooled(Opened opened) {
        if (!(opened.dataSource() instanceof PGSimpleDataSource simple)) {
            throw new IllegalArgumentException("only PostgreSQL databases are pooled here; H2 ones are already");
        }
        PGConnectionPoolDataSource connections = new PGConnectionPoolDataSource();
        connections.setURL(simple.getURL());
        connections.setUser(simple.getUser());
        connections.setPassword(simple.getPassword());
        connections.setCurrentSchema(simple.getCurrentSchema());
        JdbcConnectionPool pool = JdbcConnectionPool.create(connections);
        pool.setMaxConnections(16);
        return pool;
    }

    abstract Opened open() throws SQLException;

    @FunctionalInterface
    interface Cleanup {
        void run() throws SQLException;
    }

    /** A database of one test; closing it drops it. */
    record Opened(TestDatabase kind, DataSource dataSource, Cleanup cleanup) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            cleanup.run();
        }
    }
}
