package io.lineledger.routes.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where every line's rules start: a few shared threads, as many as there are cores, gone when idle. A thread of its
 * own per line (84 lines: 84 threads, idle after the boot) started all lines at once: they took both cores from the
 * bundles after them (the certificate pages) for the whole boot, and each kept its idle thread's stack.
 */
final class LineStarts implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineStarts.class);
    private static final long IDLE_SECONDS = 30;

    private final ScheduledThreadPoolExecutor threads;
    private final Duration retryEvery;

    LineStarts(int threadCount, Duration retryEvery) {
        if (threadCount < 1) {
            throw new IllegalArgumentException("threadCount must be at least 1, got " + threadCount);
        }
        this.retryEvery = Objects.requireNonNull(retryEvery, "retryEvery");
        AtomicInteger numbers = new AtomicInteger();
        threads = new ScheduledThreadPoolExecutor(threadCount, task -> {
            Thread thread = new Thread(task, "lineledger-rules-start-" + numbers.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        threads.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        threads.allowCoreThreadTimeOut(true);
        threads.setRemoveOnCancelPolicy(true);
    }

    /**
     * Calls {@code tryStart} on a start thread, and again every {@code retryEvery} until it returns true or throws
     * (logged; not tried again). Closing the handle cancels what has not run yet; a try under way finishes.
     */
    AutoCloseable start(String lineId, BooleanSupplier tryStart) {
        Objects.requireNonNull(tryStart, "tryStart");
        Attempts attempts = new Attempts(lineId, tryStart);
        attempts.next(0);
        return attempts;
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private final class Attempts implements Runnable, AutoCloseable {
        private final String lineId;
        private final BooleanSupplier tryStart;
        private Future<?> pending; // guarded by this
        private boolean closed; // guarded by this

        Attempts(String lineId, BooleanSupplier tryStart) {
            this.lineId = lineId;
            this.tryStart = tryStart;
        }

        synchronized void next(long delayMillis) {
            if (closed) {
                return;
            }
            try {
                pending = threads.schedule(this, delayMillis, TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                closed = true; // the platform stopped: its lines stop too
            }
        }

        @Override
        public void run() {
            boolean started;
            try {
                started = tryStart.getAsBoolean();
            } catch (RuntimeException e) {
                LOG.error("Line rules of {}: starting failed; not tried again", lineId, e);
                return;
            }
            if (!started) {
                next(retryEvery.toMillis());
            }
        }

        @Override
        public synchronized void close() {
            closed = true;
            if (pending != null) {
                pending.cancel(false);
            }
        }
    }
}
