package io.lineledger.opcua.internal;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest queue of one line, between the OPC UA client's notification thread and the listeners (the rules).
 * The client thread only queues ({@link #offer}, {@link #offerGap}: never blocking, so a slow store cannot stall
 * publishing and make the server or Milo's watchdog drop the subscription); one delivery thread hands the listeners
 * what arrived since their last batch, at most {@link #MAX_BATCH} observations at a time, in arrival order, taking
 * turns with the plant's other lines ({@link IngestBudget}). The rules commit each batch at once (group commit), so
 * the slower the store, the larger the batches.
 *
 * <p>The queue holds at most {@code capacity} values, and all lines' queues together at most their shared
 * {@link IngestBudget} (a line below its reserve always gets room). When either is full, values are dropped, never
 * silently: once the queue is down to three quarters again (and the budget has room), an {@code ingest-dropped} gap
 * over the dropped values' source times, with their count, is queued, followed by the newest dropped value of each
 * tag (as a re-created subscription reports the current values), so that a batch id or state that changed meanwhile
 * is not missed. Gaps are never dropped.
 *
 * <p>Values wait in the queue while nobody listens (the rules start after the source, or a route that reads the line
 * is being replaced): the first listener gets everything since the start, in order, so nothing read before the rules
 * were ready is lost. A listener added while another was served is first told each tag's last delivered value.
 */
final class LineDelivery implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineDelivery.class);

    /** Most observations handed to a listener in one call. */
    static final int MAX_BATCH = 1_000;
    private static final long CLOSE_WAIT_MS = 5_000;

    private final String lineId;
    private final int capacity;
    private final int resumeAt;
    private final IngestBudget budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<LineObservation> queue = new ArrayDeque<>();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private int queuedValues;
    private Dropping dropping;
    private boolean closing;
    // delivery thread only
    private final Map<String, ProductionEvent> lastDelivered = new HashMap<>();

    private final List<Consumer<List<LineObservation>>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong highWater = new AtomicLong();
    private final Thread thread;

    /** Values dropped since the queue was last full, until it has room again. */
    private static final class Dropping {
        long count;
        Instant from;
        Instant to;
        final Map<String, ProductionEvent> newestPerTag = new TreeMap<>();

        void add(ProductionEvent event) {
            count++;
            from = from == null || event.sourceTime().isBefore(from) ? event.sourceTime() : from;
            to = to == null || event.sourceTime().isAfter(to) ? event.sourceTime() : to;
            newestPerTag.merge(event.tag(), event,
                    (kept, next) -> next.sourceTime().isBefore(kept.sourceTime()) ? kept : next);
        }
    }

    LineDelivery(String lineId, int capacity) {
        this(lineId, capacity, IngestBudget.UNLIMITED);
    }

    LineDelivery(String lineId, int capacity, IngestBudget budget) {
        this.lineId = Objects.requireNonNull(lineId, "lineId");
        this.budget = Objects.requireNonNull(budget, "budget");
        if (capacity < 1) {
            throw new IllegalArgumentException("ingestQueueCapacity = " + capacity + ": must be >= 1");
        }
        this.capacity = capacity;
        this.resumeAt = Math.max(0, capacity - Math.max(1, capacity / 4));
        this.thread = new Thread(this::run, "lineledger-ingest-" + lineId);
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues a value for the listeners; drops it (and reports that later) when the queue is full. Never blocks. */
    void offer(ProductionEvent event) {
        lock.lock();
        try {
            if (closing) {
                return;
            }
            endDroppingIfRoom();
            if (dropping == null && queuedValues >= capacity) {
                dropping = new Dropping();
                LOG.warn("line {}: the ingest queue is full ({} values): the rules and store are slower than the line;"
                        + " dropping values until it is down to {}, then reporting them as a gap", lineId, capacity,
                        resumeAt);
            } else if (dropping == null && !budget.admits(queuedValues)) {
                dropping = new Dropping();
                LOG.warn("line {}: all lines' ingest queues together hold the plant's ingest budget ({} of {} values,"
                        + " {} of them this line's): the rules and store are slower than the lines; dropping values"
                        + " until the lines are down to three quarters of it, then reporting them as a gap", lineId,
                        budget.held(), budget.limit(), queuedValues);
            }
            if (dropping != null) {
                dropping.add(event);
                dropped.incrementAndGet();
                return;
            }
            enqueue(event);
        } finally {
            lock.unlock();
        }
    }

    /** Queues a gap; gaps are never dropped. Never blocks. */
    void offerGap(ObservationGap gap) {
        lock.lock();
        try {
            if (!closing) {
                enqueue(gap);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a listener of batches; closing the handle removes it. It is first told, on the delivery thread, the last
     * delivered value of each tag (values that went to an earlier listener), in source-time order; then it gets
     * what is queued.
     */
    AutoCloseable addListener(Consumer<List<LineObservation>> listener) {
        Objects.requireNonNull(listener, "listener");
        runOnDeliveryThread(() -> {
            List<LineObservation> current = new ArrayList<>(lastDelivered.values());
            current.sort(Comparator.comparing(observation -> ((ProductionEvent) observation).sourceTime()));
            if (!current.isEmpty()) {
                notifyQuietly(listener, current);
            }
            listeners.add(listener);
        });
        return () -> {
            listeners.remove(listener);
            runOnDeliveryThread(() -> { }); // wakes the thread: it stops taking values if nobody is left
        };
    }

    /** Values queued now. */
    int queued() {
        lock.lock();
        try {
            return queuedValues;
        } finally {
            lock.unlock();
        }
    }

    /** Values dropped since the start because the queue was full (each reported in an {@code ingest-dropped} gap). */
    long dropped() {
        return dropped.get();
    }

    /** The most values queued at once since the start. */
    long highWater() {
        return highWater.get();
    }

    int capacity() {
        return capacity;
    }

    /**
     * Stops taking values, hands the listeners what is queued (a few seconds at most) and stops the delivery
     * thread.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            work.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("line {}: the listeners did not take the last {} queued values within {} ms", lineId, queued(),
                    CLOSE_WAIT_MS);
            thread.interrupt();
        }
        listeners.clear();
        lock.lock();
        try {
            // whatever was not handed over leaves with this line: the other lines get its share of the budget
            budget.released(queuedValues);
            queuedValues = 0;
            queue.clear();
        } finally {
            lock.unlock();
        }
    }

    private void runOnDeliveryThread(Runnable task) {
        lock.lock();
        try {
            tasks.add(task);
            work.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Called under lock. */
    private void enqueue(LineObservation observation) {
        queue.add(observation);
        if (observation instanceof ProductionEvent) {
            queuedValues++;
            budget.took(1);
            if (queuedValues > highWater.get()) {
                highWater.set(queuedValues);
            }
        }
        work.signalAll();
    }

    /** Called under lock: the queue has room again, so the dropped values are reported, then values flow again. */
    private void endDroppingIfRoom() {
        if (dropping == null || queuedValues > resumeAt || !budget.resumes(queuedValues)) {
            return;
        }
        Dropping ended = dropping;
        dropping = null;
        List<ProductionEvent> newest = ended.newestPerTag.values().stream()
                .sorted(Comparator.comparing(ProductionEvent::sourceTime)).toList();
        String detail = ended.count + " values dropped: the rules and store took values more slowly than the line"
                + " sent them (ingest queue of " + capacity + " values or the plant's ingest budget of "
                + budget.limit() + " full); the newest dropped value of each of "
                + String.join(", ", ended.newestPerTag.keySet()) + " is delivered after this gap";
        LOG.warn("line {}: {} (source times {} to {})", lineId, detail, ended.from, ended.to);
        enqueue(new ObservationGap(lineId, ended.from, ended.to, ObservationGap.CAUSE_INGEST_DROPPED, detail));
        newest.forEach(this::enqueue);
    }

    private void run() {
        while (true) {
            Runnable task;
            List<LineObservation> batch = new ArrayList<>();
            lock.lock();
            try {
                // values wait in the queue while nobody listens
                while (tasks.isEmpty() && !closing && (queue.isEmpty() || listeners.isEmpty())) {
                    work.await(1, TimeUnit.SECONDS);
                }
                task = tasks.poll();
                if (task == null) {
                    if (queue.isEmpty() || listeners.isEmpty()) {
                        return; // closing, and nothing left to hand over or nobody to take it
                    }
                    int values = 0;
                    while (batch.size() < MAX_BATCH && !queue.isEmpty()) {
                        LineObservation next = queue.poll();
                        if (next instanceof ProductionEvent) {
                            values++;
                        }
                        batch.add(next);
                    }
                    queuedValues -= values;
                    budget.released(values);
                    endDroppingIfRoom();
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            if (task != null) {
                task.run();
            } else {
                try {
                    budget.awaitDelivery(); // the plant's lines take turns at the cores (IngestBudget)
                } catch (InterruptedException e) {
                    return; // closing: close() gave up waiting for this batch
                }
                try {
                    deliver(batch);
                } finally {
                    budget.deliveryDone();
                }
            }
        }
    }

    private void deliver(List<LineObservation> batch) {
        if (listeners.isEmpty()) {
            putBack(batch); // the last listener left since the batch was taken
            return;
        }
        for (LineObservation observation : batch) {
            if (observation instanceof ProductionEvent event) {
                lastDelivered.put(event.tag(), event);
            }
        }
        List<LineObservation> delivered = List.copyOf(batch);
        for (Consumer<List<LineObservation>> listener : listeners) {
            notifyQuietly(listener, delivered);
        }
    }

    private void putBack(List<LineObservation> batch) {
        lock.lock();
        try {
            for (int i = batch.size() - 1; i >= 0; i--) {
                LineObservation observation = batch.get(i);
                queue.addFirst(observation);
                if (observation instanceof ProductionEvent) {
                    queuedValues++;
                    budget.took(1);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private void notifyQuietly(Consumer<List<LineObservation>> listener, List<LineObservation> batch) {
        try {
            listener.accept(batch);
        } catch (RuntimeException e) {
            LOG.warn("line {}: a listener failed on a batch of {} observations: {}", lineId, batch.size(),
                    e.toString(), e);
        }
    }
}
