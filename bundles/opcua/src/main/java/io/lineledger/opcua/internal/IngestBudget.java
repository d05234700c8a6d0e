package io.lineledger.opcua.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What all lines' ingest may use together, so that neither memory nor CPU depends on how many lines a plant has.
 *
 * <p>Memory: the values all lines' ingest queues may hold together. Each line's own {@code ingestQueueCapacity}
 * bounds one line, this bounds their sum ({@code ingestBudget} in {@code etc/io.lineledger.opcua.cfg}). A line
 * holding fewer than {@code reservePerLine} values always takes one more, so a quiet line is never starved by busy
 * ones; the sum may exceed the budget by at most that reserve per line.
 * When a line is refused it drops values exactly as when its own queue is full (an {@code ingest-dropped} gap with
 * their count), and takes values again once all lines together are down to three quarters of the budget.
 *
 * <p>CPU: how many lines hand a batch to their rules at once ({@code ingestConcurrency}, by default one per processor
 * core), in arrival order. Every line has its own delivery thread, and under overload all of them are runnable; the
 * scheduler then gives the ledger's single thread one share in lines + 1, and anchoring fell to a trickle while the
 * store took all it could (anchored/s ≪ stored/s). With as many deliveries as cores, anchoring keeps a core's share.
 */
final class IngestBudget {

    /** Values a line always gets, whatever the others hold: two of its delivery batches. */
    static final int DEFAULT_RESERVE_PER_LINE = 2 * LineDelivery.MAX_BATCH;
    /** No budget beside the lines' own capacities (a line on its own, tests). */
    static final IngestBudget UNLIMITED = new IngestBudget(Long.MAX_VALUE, 0, Integer.MAX_VALUE);

    private final long limit;
    private final int reservePerLine;
    private final AtomicLong held = new AtomicLong();
    private final Semaphore deliveries;

    /**
     * @param limit                values all lines may hold together
     * @param reservePerLine       values a line always gets
     * @param concurrentDeliveries lines handing a batch to their rules at once
     */
    IngestBudget(long limit, int reservePerLine, int concurrentDeliveries) {
        if (limit < 1) {
            throw new IllegalArgumentException("ingestBudget = " + limit + ": must be >= 1");
        }
        if (reservePerLine < 0) {
            throw new IllegalArgumentException("reservePerLine = " + reservePerLine + ": must be >= 0");
        }
        if (concurrentDeliveries < 1) {
            throw new IllegalArgumentException("ingestConcurrency = " + concurrentDeliveries + ": must be >= 1");
        }
        this.limit = limit;
        this.reservePerLine = reservePerLine;
        this.deliveries = new Semaphore(concurrentDeliveries, true);
    }

    /** Lines handing batches to their rules at once when {@code ingestConcurrency} is 0: one per processor core. */
    static int defaultConcurrency() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** Waits for a turn to hand a batch to the rules; {@link #deliveryDone} ends it. */
    void awaitDelivery() throws InterruptedException {
        deliveries.acquire();
    }

    void deliveryDone() {
        deliveries.release();
    }

    /** Whether a line holding {@code lineHolds} values may queue one more. */
    boolean admits(int lineHolds) {
        return lineHolds < reservePerLine || held.get() < limit;
    }

    /** Whether a line that was refused, now holding {@code lineHolds} values, takes values again. */
    boolean resumes(int lineHolds) {
        return lineHolds < reservePerLine / 2 || held.get() <= limit - limit / 4;
    }

    void took(int values) {
        held.addAndGet(values);
    }

    void released(int values) {
        held.addAndGet(-values);
    }

    long held() {
        return held.get();
    }

    long limit() {
        return limit;
    }
}
