package io.lineledger.routes.internal;

import io.lineledger.store.LineFence;
import io.lineledger.store.LineFencedException;
import io.lineledger.store.RecordStore;
import io.lineledger.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real store behind a switch: appends fail (as when the database is unreachable) or are refused because the
 * line is fenced, while reads keep working. Counts the appends tried, one by one and in groups.
 */
final class StoreOutage {

    private final RecordStore real;
    private final AtomicInteger failingAppends = new AtomicInteger();
    private final AtomicInteger appendsTried = new AtomicInteger();
    private final AtomicInteger groupCommits = new AtomicInteger();
    private volatile boolean down;
    private volatile boolean fenced;

    StoreOutage(RecordStore real) {
        this.real = real;
    }

    /** The store as the rules see it. */
    RecordStore store() {
        return (RecordStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {RecordStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("append") || method.getName().equals("appendAll")) {
                        appendsTried.incrementAndGet();
                        if (method.getName().equals("appendAll")) {
                            groupCommits.incrementAndGet();
                        }
                        if (fenced) {
                            throw new LineFencedException(new LineFence("line-1", 10, 5, "test fence", Instant.now()));
                        }
                        if (down || failingAppends.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            throw new StoreException("append failed", new SQLException("database unreachable"));
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The next {@code n} appends fail, then the store works again. */
    void failNextAppends(int n) {
        failingAppends.set(n);
    }

    void down(boolean down) {
        this.down = down;
    }

    void fenced(boolean fenced) {
        this.fenced = fenced;
    }

    /** Appends tried, a group commit ({@code appendAll}) counting one. */
    int appendsTried() {
        return appendsTried.get();
    }

    /** Group commits ({@code appendAll}) tried. */
    int groupCommits() {
        return groupCommits.get();
    }
}
