package io.lineledger.store.internal;

import io.lineledger.store.StoreBusyException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A data source that lets one kind of caller (page views) hold at most {@code maxConnections} connections of another
 * data source at a time: the rest of that pool stays free for the callers that do not go through the budget
 * (recording, anchoring). A caller waits for a free place in the budget at most {@code waitMillis}, in arrival order,
 * then gets a {@link StoreBusyException}: no unbounded queue, and a page that cannot be served in time says so. A
 * connection's place is given back when it is closed.
 */
final class ConnectionBudget implements DataSource {

    private final DataSource connections;
    private final int maxConnections;
    private final long waitMillis;
    private final String holder;
    private final String setting;
    private final Semaphore places;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param holder  who draws on the budget, for the refusal ("page views")
     * @param setting where the budget is configured, for the refusal ("io.lineledger.store pages.maxConnections")
     */
    ConnectionBudget(DataSource connections, int maxConnections, long waitMillis, String holder, String setting) {
        this.connections = Objects.requireNonNull(connections, "connections");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
        if (waitMillis < 0) {
            throw new IllegalArgumentException("waitMillis must be >= 0, got " + waitMillis);
        }
        this.maxConnections = maxConnections;
        this.waitMillis = waitMillis;
        this.holder = Objects.requireNonNull(holder, "holder");
        this.setting = Objects.requireNonNull(setting, "setting");
        this.places = new Semaphore(maxConnections, true); // fair: the page that waited longest is served first
    }

    int maxConnections() {
        return maxConnections;
    }

    /** Connections held through the budget now. */
    int inUse() {
        return maxConnections - places.availablePermits();
    }

    /** Callers turned away since start because no connection came free in time. */
    long refused() {
        return refused.get();
    }

    @Override
    public Connection getConnection() throws SQLException {
        acquire();
        return budgeted(() -> connections.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        acquire();
        return budgeted(() -> connections.getConnection(username, password));
    }

    private void acquire() {
        boolean acquired;
        try {
            acquired = places.tryAcquire(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreBusyException(holder + ": interrupted while waiting for a database connection", 0);
        }
        if (!acquired) {
            refused.incrementAndGet();
            throw new StoreBusyException(holder + " hold all " + maxConnections + " database connections they may use ("
                    + setting + ") and none came free within " + waitMillis + " ms: try again in a moment"
                    + " (recording is not affected)", waitMillis);
        }
    }

    @FunctionalInterface
    private interface Opening {
        Connection open() throws SQLException;
    }

    private Connection budgeted(Opening opening) throws SQLException {
        Connection connection;
        try {
            connection = opening.open();
        } catch (SQLException | RuntimeException | Error e) {
            places.release();
            throw e;
        }
        AtomicBoolean returned = new AtomicBoolean();
        // close() gives the place back, once; everything else is the pool's connection
        return (Connection) Proxy.newProxyInstance(ConnectionBudget.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && method.getParameterCount() == 0) {
                        try {
                            connection.close();
                        } finally {
                            if (returned.compareAndSet(false, true)) {
                                places.release();
                            }
                        }
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return connections.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        connections.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        connections.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return connections.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return connections.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return connections.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return connections.isWrapperFor(type);
    }
}
