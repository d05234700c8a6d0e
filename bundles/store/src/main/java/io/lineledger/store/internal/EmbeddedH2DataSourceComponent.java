package io.lineledger.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The embedded H2 database as a {@link DataSource} service named {@value #NAME}, the one the store selects unless
 * {@code dataSource.target} in {@code etc/io.lineledger.store.cfg} names another. Delayed (the DS default for a
 * service): when the store uses PostgreSQL, nothing opens or creates the H2 file.
 *
 * <p>Pooled by HikariCP, not H2's own {@code JdbcConnectionPool}: that one rolls a connection back when it is handed
 * out and again when it is returned, and with {@code WRITE_DELAY=0} every rollback makes H2 write a store chunk of
 * everything changed since the last one. Under load that tripled the chunks each append's commit writes (about a
 * sixth of the ingest threads' CPU); HikariCP rolls back only a connection returned with uncommitted work.
 *
 * <p>The file is compacted while it runs ({@link EmbeddedH2Housekeeping}): with durable commits H2 does not do it.
 */
@Component(service = DataSource.class, configurationPid = EmbeddedH2DataSourceComponent.PID,
        property = "dataSourceName=" + EmbeddedH2DataSourceComponent.NAME)
@Designate(ocd = EmbeddedH2Config.class)
public final class EmbeddedH2DataSourceComponent implements DataSource {

    static final String PID = "io.lineledger.store.h2";
    static final String NAME = "lineledger-embedded";
    private static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(1);

    private final HikariDataSource pool;
    private final EmbeddedH2Housekeeping housekeeping; // null for an in-memory database

    @Activate
    public EmbeddedH2DataSourceComponent(EmbeddedH2Config config) {
        String url = EmbeddedH2.durableUrl(config.jdbcUrl(), PID, "jdbcUrl");
        if (config.maxConnections() < 1) {
            throw new IllegalArgumentException(PID + ": maxConnections must be >= 1, got " + config.maxConnections());
        }
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL(url);
        h2.setUser(config.user());
        h2.setPassword(config.password());
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("lineledger-embedded-h2");
        hikari.setDataSource(h2);
        hikari.setMaximumPoolSize(config.maxConnections());
        hikari.setMinimumIdle(1);
        // an embedded database does not drop connections: no need to retire them
        hikari.setMaxLifetime(0);
        // a database file held by another process is reported when the store first needs it, not here
        hikari.setInitializationFailTimeout(-1);
        pool = new HikariDataSource(hikari);
        housekeeping = EmbeddedH2.isFile(url)
                ? EmbeddedH2Housekeeping.every(pool, HOUSEKEEPING_EVERY, "lineledger-embedded-h2-compaction") : null;
    }

    @Deactivate
    void close() {
        if (housekeeping != null) {
            housekeeping.close();
        }
        pool.close();
    }

    /** Most connections the pool opens (read by the store to size the page views' share). */
    int maxConnections() {
        return pool.getMaximumPoolSize();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return pool.getConnection(username, password);
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging in the embedded H2 pool");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(pool)) {
            return type.cast(pool);
        }
        throw new SQLException("the embedded H2 data source is not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(pool);
    }
}
