package io.lineledger.store.internal;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcConnectionPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The embedded H2 database as a {@link DataSource} service named {@value #NAME}, the one the store selects unless
 * {@code dataSource.target} in {@code etc/io.lineledger.store.cfg} names another. Delayed (the DS default for a
 * service): when the store uses PostgreSQL, nothing opens or creates the H2 file.
 */
@Component(service = DataSource.class, configurationPid = EmbeddedH2DataSourceComponent.PID,
        property = "dataSourceName=" + EmbeddedH2DataSourceComponent.NAME)
@Designate(ocd = EmbeddedH2Config.class)
public final class EmbeddedH2DataSourceComponent implements DataSource {

    static final String PID = "io.lineledger.store.h2";
    static final String NAME = "lineledger-embedded";

    private final JdbcConnectionPool pool;

    @Activate
    public EmbeddedH2DataSourceComponent(EmbeddedH2Config config) {
        String url = EmbeddedH2.durableUrl(config.jdbcUrl(), PID, "jdbcUrl");
        if (config.maxConnections() < 1) {
            throw new IllegalArgumentException(PID + ": maxConnections must be >= 1, got " + config.maxConnections());
        }
        pool = JdbcConnectionPool.create(url, config.user(), config.password());
        pool.setMaxConnections(config.maxConnections());
    }

    @Deactivate
    void close() {
        pool.dispose();
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
    public PrintWriter getLogWriter() {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() {
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
