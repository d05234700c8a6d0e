package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LineDeliveryTest {

    private static final Instant T0 = Instant.parse("2026-12-01T08:00:00Z");

    private static ProductionEvent value(String tag, int i) {
        return new ProductionEvent("line-1", tag, (double) i, T0.plusMillis(i), "Good");
    }

    /** Collects every observation; can be held back to play a slow store. */
    private static final class Listener implements java.util.function.Consumer<List<LineObservation>> {
        final List<LineObservation> seen = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> batchSizes = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch released;
        /** Counted down when the first batch arrives (before it is held back). */
        final CountDownLatch entered = new CountDownLatch(1);

        Listener(boolean heldBack) {
            released = new CountDownLatch(heldBack ? 1 : 0);
        }

        @Override
        public void accept(List<LineObservation> batch) {
            entered.countDown();
            try {
                released.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batchSizes.add(batch.size());
            seen.addAll(batch);
        }

        List<ProductionEvent> values() {
            synchronized (seen) {
                return seen.stream().filter(ProductionEvent.class::isInstance).map(ProductionEvent.class::cast).toList();
            }
        }

        List<ObservationGap> gaps() {
            synchronized (seen) {
                return seen.stream().filter(ObservationGap.class::isInstance).map(ObservationGap.class::cast).toList();
            }
        }

        void awaitSize(int size) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (seen.size() < size && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(size, seen.size(), "observations delivered: " + seen);
        }
    }

    @Test
    void deliversValuesAndGapsInOrderInBatches() throws Exception {
        try (LineDelivery delivery = new LineDelivery("line-1", 100_000)) {
            Listener listener = new Listener(false);
            delivery.addListener(listener);
            List<LineObservation> offered = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                ProductionEvent event = value("weight", i);
                delivery.offer(event);
                offered.add(event);
                if (i == 2_500) {
                    ObservationGap gap = new ObservationGap("line-1", T0, T0.plusSeconds(1),
                            ObservationGap.CAUSE_SUBSCRIPTION_LOST, "");
                    delivery.offerGap(gap);
                    offered.add(gap);
                }
            }
            listener.awaitSize(offered.size());
            assertEquals(offered, listener.seen);
            assertTrue(listener.batchSizes.stream().allMatch(size -> size <= LineDelivery.MAX_BATCH),
                    "batch sizes " + listener.batchSizes);
        }
    }

    @Test
    void aSlowListenerNeverBlocksTheClientAndDroppedValuesBecomeAGapWithTheirCount() throws Exception {
        try (LineDelivery delivery = new LineDelivery("line-1", 1_000)) {
            Listener listener = new Listener(true);
            delivery.addListener(listener);
            // the listener is blocked in the first batch before the rest is offered: a delivery thread slow to wake
            // on a loaded machine would otherwise take a full queue mid-burst and end the drop episode early
            long start = System.nanoTime();
            delivery.offer(value("weight", 0));
            assertTrue(listener.entered.await(10, TimeUnit.SECONDS), "the first batch reached the listener");
            for (int i = 1; i < 5_000; i++) {
                delivery.offer(value(i % 2 == 0 ? "weight" : "batchId", i));
            }
            long tookMs = (System.nanoTime() - start) / 1_000_000;
            assertTrue(tookMs < 2_000, "offering 5,000 values to a blocked listener took " + tookMs + " ms");
            long dropped = delivery.dropped();
            assertTrue(dropped >= 3_000, "dropped " + dropped);
            listener.released.countDown();
            // every value offered is either delivered or counted in the gap; the newest dropped of each tag follows it
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (listener.gaps().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            delivery.offer(value("weight", 10_000)); // the line goes on after the burst
            Thread.sleep(200);
            // the delivery thread had taken a first batch before the listener blocked: one or more drop episodes
            List<ObservationGap> gaps = listener.gaps();
            assertTrue(!gaps.isEmpty(), "no gap");
            long reported = 0;
            long redelivered = 0;
            for (ObservationGap gap : gaps) {
                assertEquals(ObservationGap.CAUSE_INGEST_DROPPED, gap.cause());
                reported += Long.parseLong(gap.detail().substring(0, gap.detail().indexOf(' ')));
                redelivered += gap.detail().substring(gap.detail().indexOf("each of ")).split(",").length;
            }
            assertEquals(dropped, reported, "every dropped value is counted in a gap: " + gaps);
            List<ProductionEvent> values = listener.values();
            assertEquals(5_000 - dropped + redelivered + 1, values.size(),
                    "delivered, the newest dropped per tag, the next");
            // the last gap ends at the last dropped value; the newest dropped of each tag follows it
            ObservationGap last = gaps.get(gaps.size() - 1);
            int gapIndex = listener.seen.indexOf(last);
            assertEquals(T0.plusMillis(4_999), last.to());
            assertEquals(T0.plusMillis(4_998), ((ProductionEvent) listener.seen.get(gapIndex + 1)).sourceTime());
            assertEquals(T0.plusMillis(4_999), ((ProductionEvent) listener.seen.get(gapIndex + 2)).sourceTime());
            assertEquals(T0.plusMillis(10_000), values.get(values.size() - 1).sourceTime());
            assertTrue(delivery.highWater() <= 1_000, "high water " + delivery.highWater());
        }
    }

    @Test
    void linesShareOneBudgetAQuietLineKeepsItsReserveAndWhatIsDroppedBecomesGapsWithTheirCount() throws Exception {
        IngestBudget budget = new IngestBudget(3_000, 200, 2);
        try (LineDelivery busy = new LineDelivery("line-1", 100_000, budget);
             LineDelivery quiet = new LineDelivery("line-2", 100_000, budget)) {
            // nobody listens yet: values wait in the queues, as while a slow store holds the rules
            for (int i = 0; i < 5_000; i++) {
                busy.offer(value("weight", i));
            }
            assertEquals(3_000, busy.queued(), "the busy line takes the whole budget, not its own capacity");
            assertEquals(2_000, busy.dropped());
            for (int i = 0; i < 500; i++) {
                quiet.offer(new ProductionEvent("line-2", "weight", (double) i, T0.plusMillis(i), "Good"));
            }
            assertEquals(200, quiet.queued(), "the quiet line still gets its reserve");
            assertEquals(300, quiet.dropped());
            assertEquals(3_200, budget.held());

            Listener busyListener = new Listener(false);
            busy.addListener(busyListener);
            Listener quietListener = new Listener(false);
            quiet.addListener(quietListener);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            // the listeners first take what waited: a value offered while the budget is still full is dropped too
            while ((busy.queued() > 0 || quiet.queued() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            while ((busyListener.gaps().isEmpty() || quietListener.gaps().isEmpty()) && System.nanoTime() < deadline) {
                busy.offer(value("weight", 10_000)); // the lines go on: the next value ends each drop episode
                quiet.offer(new ProductionEvent("line-2", "weight", 10_000.0, T0.plusMillis(10_000), "Good"));
                Thread.sleep(20);
            }
            assertEquals(2_000, count(busyListener.gaps()), "the busy line's dropped values in its gap");
            assertEquals(300, count(quietListener.gaps()), "the quiet line's dropped values in its gap");
            while ((busy.queued() > 0 || quiet.queued() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(0, budget.held(), "delivered values leave the budget");
        }
    }

    @Test
    void linesTakeTurnsHandingBatchesToTheirRulesAsManyAtOnceAsTheBudgetAllows() throws Exception {
        IngestBudget budget = new IngestBudget(1_000_000, 0, 1);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        List<LineDelivery> lines = new ArrayList<>();
        try {
            for (int line = 1; line <= 3; line++) {
                LineDelivery delivery = new LineDelivery("line-" + line, 100_000, budget);
                lines.add(delivery);
                delivery.addListener(batch -> {
                    most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                    try {
                        Thread.sleep(2); // a rules pass
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    inside.decrementAndGet();
                    delivered.addAndGet(batch.size());
                });
                for (int i = 0; i < 3_000; i++) {
                    delivery.offer(new ProductionEvent("line-" + line, "weight", (double) i, T0.plusMillis(i), "Good"));
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (delivered.get() < 9_000 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(9_000, delivered.get(), "every value of the three lines is delivered");
            assertEquals(1, most.get(), "never two lines' rules at once with a concurrency of 1");
        } finally {
            lines.forEach(LineDelivery::close);
        }
    }

    private static long count(List<ObservationGap> gaps) {
        return gaps.stream().mapToLong(gap -> Long.parseLong(gap.detail().substring(0, gap.detail().indexOf(' '))))
                .sum();
    }

    @Test
    void valuesWaitForTheFirstListenerAndALaterOneIsFirstToldTheLastValueOfEachTag() throws Exception {
        try (LineDelivery delivery = new LineDelivery("line-1", 100)) {
            ObservationGap gap = new ObservationGap("line-1", T0, T0.plusSeconds(1),
                    ObservationGap.CAUSE_SESSION_LOST, "");
            delivery.offerGap(gap);
            delivery.offer(value("batchId", 1));
            delivery.offer(value("weight", 2));
            delivery.offer(value("batchId", 3));
            Thread.sleep(200); // nobody listens yet: the rules start after the source
            Listener first = new Listener(false);
            AutoCloseable firstHandle = delivery.addListener(first);
            first.awaitSize(4);
            assertEquals(List.of(gap, value("batchId", 1), value("weight", 2), value("batchId", 3)), first.seen);

            firstHandle.close(); // a route that reads the line is replaced: values wait meanwhile
            Thread.sleep(100);
            delivery.offer(value("weight", 4));
            Thread.sleep(200);
            Listener second = new Listener(false);
            delivery.addListener(second);
            second.awaitSize(3);
            assertEquals(List.of(value("weight", 2), value("batchId", 3), value("weight", 4)), second.seen);
            assertEquals(4, first.seen.size(), "the first listener got nothing after it left");
        }
    }

    @Test
    void closeHandsOverWhatIsQueued() throws Exception {
        Listener listener = new Listener(true);
        LineDelivery delivery = new LineDelivery("line-1", 10_000);
        delivery.addListener(listener);
        for (int i = 0; i < 3_000; i++) {
            delivery.offer(value("weight", i));
        }
        listener.released.countDown();
        delivery.close();
        assertEquals(3_000, listener.values().size());
        delivery.offer(value("weight", 4_000)); // after close: ignored, no exception
        assertTrue(listener.released.await(0, TimeUnit.SECONDS));
    }
}
