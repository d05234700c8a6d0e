package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.server.PlcSimServer;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.Session;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.sdk.server.subscriptions.SubscriptionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the source reports when the server drops, overflows or reorders: against a real Milo server (plc-sim's). */
class LineSubscriberGapsTest {

    private static final String NS = "nsu=" + PlcSimServer.NAMESPACE_URI + ";s=";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private PlcSimServer server;
    private final BlockingQueue<ProductionEvent> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<ObservationGap> gaps = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() {
        server = PlcSimServer.start("127.0.0.1", 0, dir.resolve("server-pki"),
                List.of(new TagWrite("T.A", 0L), new TagWrite("T.B", 0L)));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private SubscriberSettings settings() {
        return SubscriberSettings.of(server.endpointUrl(), "line-1",
                        TagMap.fromProperties(Map.of("tag.a", NS + "T.A", "tag.b", NS + "T.B")), dir.resolve("client-pki"))
                .withReconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private LineSubscriber started(SubscriberSettings settings) throws InterruptedException {
        LineSubscriber subscriber = new LineSubscriber(settings);
        subscriber.addListener(events::add, gaps::add);
        subscriber.start();
        assertNotNull(poll(events, e -> e.tag().equals("a"), 20), "the initial value of a");
        assertNotNull(poll(events, e -> e.tag().equals("b"), 5), "the initial value of b");
        return subscriber;
    }

    private void write(String tag, long value, Instant sourceTime) {
        server.write(List.of(new TagWrite(tag, value)), sourceTime);
    }

    private static <T> T poll(BlockingQueue<T> queue, Predicate<T> wanted, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            T item = queue.poll(50, TimeUnit.MILLISECONDS);
            if (item != null && wanted.test(item)) {
                return item;
            }
        }
        return null;
    }

    private static boolean waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** Ends every subscription on the server, as a server that lost them would; the sessions stay. */
    private void dropSubscriptionsOnTheServer() throws Exception {
        Field field = PlcSimServer.class.getDeclaredField("server"); // plc-sim does not hand out its Milo server
        field.setAccessible(true);
        OpcUaServer milo = (OpcUaServer) field.get(server);
        int dropped = 0;
        for (Session session : milo.getSessionManager().getAllSessions()) {
            SubscriptionManager subscriptions = session.getSubscriptionManager();
            for (Subscription subscription : List.copyOf(subscriptions.getSubscriptions())) {
                subscriptions.removeSubscription(subscription.getId());
                subscription.deleteSubscription();
                dropped++;
            }
        }
        assertEquals(1, dropped, "the subscriber's one subscription");
    }

    @Test
    void aSubscriptionTheServerDroppedIsCreatedAnewWithinTwiceTheKeepAliveAndReportedAsAGap() throws Exception {
        long keepAliveMs = 1000;
        try (LineSubscriber subscriber = started(settings().withIntervals(0, 50, 2000).withKeepAlive(keepAliveMs))) {
            write("T.A", 1L, T0);
            assertNotNull(poll(events, e -> Long.valueOf(1).equals(e.value()), 5));
            assertTrue(gaps.isEmpty(), "no gap at the first connect");

            Instant dropped = Instant.now();
            long droppedNanos = System.nanoTime();
            dropSubscriptionsOnTheServer();

            assertTrue(waitFor(() -> subscriber.subscriptionsCreated() == 2, 2 * keepAliveMs),
                    "a new subscription within 2x the keep-alive");
            long recoveredMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - droppedNanos);
            ObservationGap gap = poll(gaps, g -> true, 2);
            assertNotNull(gap, "the silence is reported as a gap");
            assertEquals(ObservationGap.CAUSE_SUBSCRIPTION_LOST, gap.cause());
            assertEquals("line-1", gap.lineId());
            assertFalse(gap.from().isAfter(dropped), "from the last publish before the drop: " + gap);
            assertTrue(gap.to().isAfter(dropped), "to when the new subscription was live: " + gap);
            assertTrue(Duration.between(gap.from(), gap.to()).toMillis() <= recoveredMs + 2 * keepAliveMs, gap.toString());

            write("T.A", 2L, T0.plusSeconds(1));
            assertNotNull(poll(events, e -> Long.valueOf(2).equals(e.value()), 5), "values flow again");
            List<ProductionEvent> rest = new ArrayList<>();
            events.drainTo(rest);
            assertTrue(rest.stream().noneMatch(e -> Long.valueOf(1).equals(e.value())),
                    "the current value reported again by the new subscription is not delivered twice: " + rest);

            SourceStatus status = subscriber.status();
            assertTrue(status.connected());
            assertTrue(status.subscribed());
            assertEquals(2, status.subscriptionsCreated());
            assertEquals(1, status.gapsReported());
            assertNotNull(status.lastError());
            assertNotNull(status.lastValueAt());
        }
    }

    @Test
    void theFirstValuesOfARecreatedSubscriptionComeInSourceTimeOrderAfterTheGap() throws Exception {
        long keepAliveMs = 1000;
        try (LineSubscriber subscriber = started(settings().withIntervals(0, 50, 2000).withKeepAlive(keepAliveMs))) {
            dropSubscriptionsOnTheServer();
            // changed while not observed, the later one written first: a new batch's state before its first part
            write("T.A", 21L, T0.plusSeconds(5));
            write("T.B", 20L, T0.plusSeconds(4));
            assertTrue(waitFor(() -> subscriber.subscriptionsCreated() == 2, 2 * keepAliveMs));
            assertNotNull(poll(gaps, g -> true, 2), "the gap comes first");

            List<Object> values = new ArrayList<>();
            while (values.size() < 2) {
                ProductionEvent event = events.poll(5, TimeUnit.SECONDS);
                assertNotNull(event, "both current values, got " + values);
                if (event.sourceTime().isAfter(T0.plusSeconds(3))) {
                    values.add(event.value());
                }
            }
            assertEquals(List.of(20L, 21L), values);
        }
    }

    @Test
    void valuesOfOnePublishAreDeliveredInSourceTimeOrderAcrossTags() throws Exception {
        try (LineSubscriber subscriber = started(settings().withIntervals(0, 500, 2000))) {
            // within one publishing interval; the server groups the publish per monitored item
            write("T.B", 10L, T0.plusMillis(1));
            write("T.A", 11L, T0.plusMillis(2));
            write("T.B", 12L, T0.plusMillis(3));
            write("T.A", 13L, T0.plusMillis(4));

            List<Object> values = new ArrayList<>();
            while (values.size() < 4) {
                ProductionEvent event = events.poll(5, TimeUnit.SECONDS);
                assertNotNull(event, "all four values, got " + values);
                values.add(event.value());
            }
            assertEquals(List.of(10L, 11L, 12L, 13L), values);
            assertEquals(0, subscriber.status().overflows());
        }
    }

    /**
     * A publish that arrives late carries values measured well before it arrived; what the server queued after them
     * dies with a subscription then declared lost. The gap starts at the newest value delivered, not at the late
     * publish's arrival (seen in the fault harness: 1.8 s of a line under load neither stored nor in a gap).
     */
    @Test
    void aLostSubscriptionsGapStartsAtTheNewestValueDeliveredNotAtTheLatePublishsArrival() throws Exception {
        long keepAliveMs = 1000;
        try (LineSubscriber subscriber = started(settings().withIntervals(0, 50, 2000).withKeepAlive(keepAliveMs))) {
            write("T.A", 1L, T0);
            assertNotNull(poll(events, e -> Long.valueOf(1).equals(e.value()), 5));
            Instant measured = Instant.now().minusMillis(600); // as if its publish came 0.6 s late
            write("T.A", 2L, measured);
            assertNotNull(poll(events, e -> Long.valueOf(2).equals(e.value()), 5));
            dropSubscriptionsOnTheServer();

            ObservationGap gap = poll(gaps, g -> true, 4);
            assertNotNull(gap, "the silence is reported as a gap");
            assertFalse(gap.from().isAfter(measured.plusMillis(300)), "from the newest value delivered: " + gap);
            assertTrue(gap.from().isBefore(Instant.now()), gap.toString());
        }
    }

    /** A PLC clock far behind ours: the gap still starts at most a keep-alive before the last publish arrived. */
    @Test
    void aPlcClockFarBehindDoesNotStretchTheGap() throws Exception {
        long keepAliveMs = 1000;
        try (LineSubscriber subscriber = started(settings().withIntervals(0, 50, 2000).withKeepAlive(keepAliveMs))) {
            write("T.A", 1L, T0);
            assertNotNull(poll(events, e -> Long.valueOf(1).equals(e.value()), 5));
            Instant beforeDrop = Instant.now();
            dropSubscriptionsOnTheServer();
            ObservationGap gap = poll(gaps, g -> true, 4);
            assertNotNull(gap, "the silence is reported as a gap");
            assertTrue(gap.from().isAfter(beforeDrop.minusMillis(3 * keepAliveMs)),
                    "T0 is months ago; the gap must not start there: " + gap);
        }
    }

    @Test
    void aServerQueueOverflowIsReportedAsAGapAndTheNewestValuesSurvive() throws Exception {
        try (LineSubscriber subscriber = started(settings().withIntervals(0, 1000, 2000).withQueueSize(2))) {
            write("T.A", 1L, T0);
            assertNotNull(poll(events, e -> Long.valueOf(1).equals(e.value()), 5));
            for (long v = 2; v <= 10; v++) {
                write("T.A", v, T0.plusMillis(v)); // faster than the 1 s publish: the 2-value queue overflows
            }

            ObservationGap gap = poll(gaps, g -> true, 5);
            assertNotNull(gap, "the overflow is reported");
            assertEquals(ObservationGap.CAUSE_QUEUE_OVERFLOW, gap.cause());
            assertTrue(gap.detail().contains("a"), gap.detail());
            assertFalse(gap.from().isBefore(T0), gap.toString());
            // the discarded values (2..8) lie between the last one delivered and the one flagged with Overflow
            assertFalse(gap.from().isAfter(T0.plusMillis(2)), gap.toString());
            assertTrue(!gap.to().isBefore(T0.plusMillis(8)) && !gap.to().isAfter(T0.plusMillis(10)), gap.toString());

            List<Long> delivered = new ArrayList<>();
            ProductionEvent event;
            while ((event = events.poll(3, TimeUnit.SECONDS)) != null) {
                delivered.add((Long) event.value());
                if (Long.valueOf(10).equals(event.value())) {
                    break;
                }
            }
            assertTrue(delivered.contains(10L), "the newest value survives: " + delivered);
            assertTrue(delivered.size() < 9, "older values were discarded: " + delivered);
            assertTrue(subscriber.status().overflows() >= 1);
            assertEquals(1, subscriber.subscriptionsCreated(), "an overflow does not re-create the subscription");
        }
    }

    @Test
    void aListenerSlowerThanTheLineNeverStallsTheSubscriptionAndWhatIsDroppedBecomesGapsWithTheirCount()
            throws Exception {
        // a store that stops for 3 s (a database restart) while the PLC writes 4,000 values; the queue holds 500
        SubscriberSettings settings = settings().withIntervals(0, 50, 5000).withQueueSize(10_000)
                .withIngestQueueCapacity(500);
        CountDownLatch storeBack = new CountDownLatch(1);
        List<io.lineledger.model.LineObservation> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        try (LineSubscriber subscriber = new LineSubscriber(settings)) {
            subscriber.addBatchListener(batch -> {
                try {
                    storeBack.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                seen.addAll(batch);
            });
            subscriber.start();
            assertTrue(waitFor(subscriber::isSubscribed, 20_000), "subscribed");
            Thread.sleep(300);
            for (long v = 1; v <= 4_000; v++) {
                write("T.A", v, T0.plusMillis(v));
                if (v % 100 == 0) {
                    Thread.sleep(50);
                }
            }
            Thread.sleep(1_000); // writing took about 2 s: the store is back about 3 s after it stopped
            storeBack.countDown();
            assertTrue(waitFor(() -> seen.stream().anyMatch(o -> o instanceof ProductionEvent e
                    && Long.valueOf(4_000).equals(e.value())), 20_000), "the last value arrives after the stop");

            assertEquals(1, subscriber.subscriptionsCreated(), "the subscription was never taken for lost");
            List<ObservationGap> dropGaps = seen.stream().filter(ObservationGap.class::isInstance)
                    .map(ObservationGap.class::cast).toList();
            assertTrue(dropGaps.stream().allMatch(g -> g.cause().equals(ObservationGap.CAUSE_INGEST_DROPPED)),
                    dropGaps.toString());
            long reported = dropGaps.stream()
                    .mapToLong(g -> Long.parseLong(g.detail().substring(0, g.detail().indexOf(' ')))).sum();
            assertTrue(reported > 0, "the 500-value queue overflowed: " + subscriber.status().ingest());
            assertEquals(subscriber.status().ingest().dropped(), reported, "every dropped value is counted in a gap");
            java.util.Set<Long> delivered = new java.util.HashSet<>();
            seen.stream().filter(ProductionEvent.class::isInstance).map(ProductionEvent.class::cast)
                    .filter(e -> e.tag().equals("a")).forEach(e -> delivered.add((Long) e.value()));
            for (long v = 1; v <= 4_000; v++) {
                Instant measured = T0.plusMillis(v);
                assertTrue(delivered.contains(v) || dropGaps.stream()
                                .anyMatch(g -> !measured.isBefore(g.from()) && !measured.isAfter(g.to())),
                        "value " + v + " neither delivered nor inside a gap");
            }
            assertEquals(0, subscriber.status().ingest().queued(), "the backlog drained");
            assertTrue(subscriber.status().ingest().highWater() <= 500);
        }
    }
}
