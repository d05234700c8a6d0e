package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.SimulationSettings;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LineSubscriber against the real plc-sim OPC UA server, in this JVM. */
class LineSubscriberTest {

    private static final String NS = "nsu=urn:lineledger:plc-sim;s=";
    private static final SimulationSettings FAST = SimulationSettings.defaults()
            .withPartsPerBatch(6).withPartIntervalMs(50).withPhaseDelays(200, 200, 300);

    @TempDir
    Path dir;

    private static TagMap plcSimTags() {
        return TagMap.fromProperties(Map.of(
                "tag.batchId", NS + "Line1.BatchId",
                "tag.product", NS + "Line1.Product",
                "tag.batchState", NS + "Line1.BatchState",
                "tag.partCount", NS + "Line1.PartCount",
                "tag.checkweigher.fillWeight", NS + "Line1.Checkweigher.FillWeight",
                "tag.filler.state", NS + "Line1.Filler.State"));
    }

    private SubscriberSettings settings(String endpointUrl) {
        return SubscriberSettings.of(endpointUrl, "line-1", plcSimTags(), dir.resolve("client-pki"))
                .withIntervals(0, 20, 2000)
                .withReconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1));
    }

    private static ProductionEvent await(BlockingQueue<ProductionEvent> events, Predicate<ProductionEvent> wanted,
                                         long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            ProductionEvent event = events.poll(200, TimeUnit.MILLISECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void eventsOfAWholeBatchArriveInOrderWithTheirTypes() throws Exception {
        Map<String, List<Double>> publishedByBatch = new ConcurrentHashMap<>();
        AtomicReference<String> publishing = new AtomicReference<>();
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withDataDir(dir.resolve("sim")).withSettings(FAST);
        try (PlcSimulator sim = PlcSimulator.start(options, step -> {
            if (step.valueOf("Line1.BatchId") != null) {
                publishing.set((String) step.valueOf("Line1.BatchId"));
            }
            Object weight = step.valueOf("Line1.Checkweigher.FillWeight");
            if (weight != null) {
                publishedByBatch.computeIfAbsent(publishing.get(), b -> new CopyOnWriteArrayList<>()).add((Double) weight);
            }
        });
             LineSubscriber subscriber = new LineSubscriber(settings(sim.endpointUrl()))) {
            BlockingQueue<ProductionEvent> events = new LinkedBlockingQueue<>();
            subscriber.addListener(events::add);
            subscriber.start();

            // from the first Running seen to the following Complete
            assertNotNull(await(events, e -> e.tag().equals("batchState") && "Running".equals(e.value()), 20));
            String batch = publishing.get();
            List<ProductionEvent> batchEvents = new ArrayList<>();
            ProductionEvent event;
            do {
                event = events.poll(10, TimeUnit.SECONDS);
                assertNotNull(event, "events keep coming until the batch completes");
                batchEvents.add(event);
            } while (!(event.tag().equals("batchState") && "Complete".equals(event.value())));

            List<Double> weights = batchEvents.stream().filter(e -> e.tag().equals("checkweigher.fillWeight"))
                    .map(e -> (Double) e.value()).toList();
            assertEquals(publishedByBatch.get(batch), weights, "every part's weight, in order");
            List<Long> counts = batchEvents.stream().filter(e -> e.tag().equals("partCount"))
                    .map(e -> (Long) e.value()).toList();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), counts);
            for (ProductionEvent e : batchEvents) {
                assertEquals("line-1", e.lineId());
                assertEquals("Good", e.status());
            }
            Instant previous = Instant.MIN;
            for (ProductionEvent e : batchEvents) {
                if (e.tag().equals("checkweigher.fillWeight")) {
                    assertTrue(e.sourceTime().isAfter(previous), "source times increase");
                    previous = e.sourceTime();
                }
            }
            assertTrue(events.stream().filter(e -> e.tag().equals("filler.state")).allMatch(e -> e.value() instanceof String));
            assertEquals(1, subscriber.subscriptionsCreated());
        }
    }

    @Test
    void subscriberWaitsForAServerThatIsDownAtStartAndReportsNoGapForIt() throws Exception {
        int port = freePort();
        try (LineSubscriber subscriber = new LineSubscriber(settings("opc.tcp://127.0.0.1:" + port + "/lineledger"))) {
            BlockingQueue<ProductionEvent> events = new LinkedBlockingQueue<>();
            List<ObservationGap> gaps = new CopyOnWriteArrayList<>();
            subscriber.addListener(events::add, gaps::add);
            subscriber.start();
            Thread.sleep(700); // a few failed attempts
            assertTrue(events.isEmpty());
            PlcSimulator.Options options = PlcSimulator.Options.defaults().withPort(port)
                    .withDataDir(dir.resolve("sim")).withSettings(FAST);
            try (PlcSimulator sim = PlcSimulator.start(options)) {
                ProductionEvent batchId = await(events, e -> e.tag().equals("batchId"), 20);
                assertNotNull(batchId, "the subscriber connected once the server was up");
                assertTrue(batchId.value() instanceof String);
                assertTrue(gaps.isEmpty(), "LineLedger not yet observing is the rules' business: " + gaps);
            }
        }
    }

    @Test
    void subscriberComesBackAfterTheServerRestartsOnTheSamePortAndReportsTheSessionLossAsAGap() throws Exception {
        int port = freePort();
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withPort(port).withSettings(FAST);
        BlockingQueue<ProductionEvent> events = new LinkedBlockingQueue<>();
        BlockingQueue<ObservationGap> gaps = new LinkedBlockingQueue<>();
        Instant stopped;
        try (LineSubscriber subscriber = new LineSubscriber(settings("opc.tcp://127.0.0.1:" + port + "/lineledger"))) {
            subscriber.addListener(events::add, gaps::add);
            try (PlcSimulator first = PlcSimulator.start(options.withDataDir(dir.resolve("sim1")))) {
                subscriber.start();
                assertNotNull(await(events, e -> e.tag().equals("checkweigher.fillWeight") && (Double) e.value() > 0, 20),
                        "weights from the first server");
            }
            stopped = Instant.now(); // the server has closed its sessions
            Thread.sleep(1000); // the server is away for a while
            assertFalse(subscriber.status().connected(), "the status shows the lost session");
            Instant restarted = Instant.now();
            try (PlcSimulator second = PlcSimulator.start(options.withDataDir(dir.resolve("sim2")))) {
                ProductionEvent weight = await(events, e -> e.tag().equals("checkweigher.fillWeight")
                        && (Double) e.value() > 0 && e.sourceTime().isAfter(restarted), 40);
                assertNotNull(weight, "weights from the restarted server");
                assertTrue(subscriber.subscriptionsCreated() >= 2, "the subscription was created anew");
                ObservationGap gap = gaps.poll(5, TimeUnit.SECONDS);
                assertNotNull(gap, "the time the server was away is a gap");
                assertEquals(ObservationGap.CAUSE_SESSION_LOST, gap.cause());
                assertFalse(gap.from().isAfter(stopped), "from the last publish before the stop: " + gap);
                assertTrue(gap.to().isAfter(restarted), "to when the new subscription was live: " + gap);
                assertTrue(gaps.isEmpty(), "one gap for one outage: " + gaps);
                assertTrue(subscriber.status().connected() && subscriber.status().subscribed());
            }
        }
    }

    @Test
    void aListenerThatComesAfterTheSubscriptionIsToldEveryTagsCurrentValueFirst() throws Exception {
        PlcSimulator.Options options = PlcSimulator.Options.defaults().withDataDir(dir.resolve("sim")).withSettings(FAST);
        try (PlcSimulator sim = PlcSimulator.start(options, step -> { });
             LineSubscriber subscriber = new LineSubscriber(settings(sim.endpointUrl()))) {
            BlockingQueue<ProductionEvent> early = new LinkedBlockingQueue<>();
            subscriber.addListener(early::add);
            subscriber.start();
            assertNotNull(await(early, e -> e.tag().equals("batchId"), 20));

            // the rules may start after the source: they must still learn which batch runs
            List<ProductionEvent> late = new CopyOnWriteArrayList<>();
            subscriber.addListener(late::add);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (late.stream().map(ProductionEvent::tag).distinct().count() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            List<String> firstTags = late.stream().map(ProductionEvent::tag).distinct().toList();
            assertTrue(firstTags.containsAll(List.of("batchId", "batchState", "product")),
                    "current values told first, got " + firstTags);
            for (int i = 1; i < late.size(); i++) {
                assertFalse(late.get(i).sourceTime().isBefore(late.get(i - 1).sourceTime()), "in source-time order");
            }
        }
    }
}
