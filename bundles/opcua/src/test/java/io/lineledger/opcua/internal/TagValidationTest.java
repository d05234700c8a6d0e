package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.plcsim.model.TagWrite;
import io.lineledger.plcsim.server.PlcSimServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tags by node id and browse path, checked against the server on connect, typed and scaled: against plc-sim's server. */
class TagValidationTest {

    private static final String NS = "nsu=" + PlcSimServer.NAMESPACE_URI + ";s=";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    @TempDir
    Path dir;

    private PlcSimServer server;
    private final BlockingQueue<ProductionEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void startServer() {
        // folders T and T/Station; DataTypes from the initial values: Int64, Double, Int32, String
        server = PlcSimServer.start("127.0.0.1", 0, dir.resolve("server-pki"), List.of(
                new TagWrite("T.Count", 0L),
                new TagWrite("T.Station.Weight", 0.0),
                new TagWrite("T.Raw", 0),
                new TagWrite("T.State", "Idle"),
                new TagWrite("T.Mixed", 0L)));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private LineSubscriber start(Map<String, String> tags) {
        SubscriberSettings settings = SubscriberSettings.of(server.endpointUrl(), "line-1", TagMap.fromProperties(tags),
                        dir.resolve("client-pki"))
                .withIntervals(0, 20, 2000)
                .withReconnectDelays(Duration.ofMillis(200), Duration.ofSeconds(1))
                .withConfiguration("io.lineledger.line~test");
        LineSubscriber subscriber = new LineSubscriber(settings);
        subscriber.addListener(events::add);
        subscriber.start();
        return subscriber;
    }

    private ProductionEvent poll(Predicate<ProductionEvent> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ProductionEvent event = events.poll(50, TimeUnit.MILLISECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aBrowsePathFromObjectsIsResolvedOnConnect() throws Exception {
        try (LineSubscriber subscriber = start(Map.of("tag.weight.path", "T/Station/Weight", "tag.weight.type", "Double",
                "tag.count.path", "Objects/T/Count"))) {
            assertNotNull(poll(e -> e.tag().equals("weight")), "the initial value of the path's node");
            server.write(List.of(new TagWrite("T.Station.Weight", 499.5), new TagWrite("T.Count", 7L)), T0);
            List<ProductionEvent> written = new java.util.ArrayList<>();
            while (written.size() < 2) {
                ProductionEvent event = poll(e -> e.sourceTime().equals(T0));
                assertNotNull(event, "both written values, got " + written);
                written.add(event);
            }
            assertEquals(Map.of("weight", 499.5, "count", 7L),
                    Map.of(written.get(0).tag(), written.get(0).value(), written.get(1).tag(), written.get(1).value()));
            assertTrue(subscriber.status().tagProblems().isEmpty(), subscriber.status().tagProblems().toString());
        }
    }

    @Test
    void anUnknownNodeAPathThatDoesNotResolveAndAWrongDataTypeAreReportedAndTheOtherTagsKeepDelivering()
            throws Exception {
        try (LineSubscriber subscriber = start(Map.of(
                "tag.count", NS + "T.Count",
                "tag.nope", NS + "T.Nope",
                "tag.missing.path", "T/Station/Missing",
                "tag.state", NS + "T.State",
                "tag.state.type", "Int32",
                "tag.otherNamespace", "nsu=urn:nowhere;s=X"))) {
            assertTrue(waitFor(() -> subscriber.status().subscribed()), "subscribed with the good tag");
            server.write(List.of(new TagWrite("T.Count", 3L), new TagWrite("T.State", "Running")), T0);
            assertNotNull(poll(e -> e.tag().equals("count") && Long.valueOf(3).equals(e.value())),
                    "the good tag keeps delivering");

            SourceStatus status = subscriber.status();
            Map<String, String> problems = status.tagProblems();
            assertEquals(List.of("missing", "nope", "otherNamespace", "state"), List.copyOf(problems.keySet()),
                    problems.toString());
            assertTrue(problems.get("nope").matches("no such node on the server \\(ns=\\d+;s=T\\.Nope\\)"),
                    problems.get("nope"));
            assertTrue(problems.get("missing").startsWith("the browse path does not resolve (no such node)"),
                    problems.get("missing"));
            assertTrue(problems.get("missing").endsWith("(Objects/T/Station/Missing)"), problems.get("missing"));
            assertTrue(problems.get("state").startsWith("its data type is String, the configuration says Int32"),
                    problems.get("state"));
            assertTrue(problems.get("otherNamespace").startsWith("the server has no namespace urn:nowhere"));
            assertTrue(events.stream().noneMatch(e -> e.tag().equals("state")), "a tag with a problem delivers nothing");
        }
    }

    @Test
    void rawIntegersAreScaledToDoubles() throws Exception {
        try (LineSubscriber subscriber = start(Map.of("tag.weight", NS + "T.Raw", "tag.weight.type", "Int32",
                "tag.weight.scale", "0.1", "tag.weight.offset", "1"))) {
            assertNotNull(poll(e -> e.tag().equals("weight")));
            server.write(List.of(new TagWrite("T.Raw", 4995)), T0);
            ProductionEvent event = poll(e -> e.tag().equals("weight") && e.sourceTime().equals(T0));
            assertNotNull(event);
            assertEquals(500.5, (Double) event.value(), 1e-9);
            assertEquals("Good", event.status());
            assertTrue(subscriber.status().tagProblems().isEmpty());
        }
    }

    @Test
    void aValueOfAnotherTypeIsDeliveredAsBadWithTheReasonInTheStatus() throws Exception {
        try (LineSubscriber subscriber = start(Map.of("tag.mixed", NS + "T.Mixed", "tag.mixed.type", "Int64",
                "tag.count", NS + "T.Count"))) {
            assertNotNull(poll(e -> e.tag().equals("mixed")));
            server.write(List.of(new TagWrite("T.Mixed", "oops")), T0);
            server.write(List.of(new TagWrite("T.Mixed", 2.5)), T0.plusSeconds(1));
            server.write(List.of(new TagWrite("T.Mixed", 4L)), T0.plusSeconds(2));
            ProductionEvent bad = poll(e -> e.tag().equals("mixed") && e.sourceTime().equals(T0));
            assertNotNull(bad);
            assertEquals("Bad", bad.status());
            assertEquals("oops", bad.value(), "the raw value, for the dead letter");
            assertEquals("Bad", poll(e -> e.tag().equals("mixed") && e.sourceTime().equals(T0.plusSeconds(1))).status());
            ProductionEvent good = poll(e -> e.tag().equals("mixed") && e.sourceTime().equals(T0.plusSeconds(2)));
            assertEquals("Good", good.status());
            assertEquals(4L, good.value());
            String problem = subscriber.status().tagProblems().get("mixed");
            assertEquals("2 values refused since the last connect, the last: value 2.5 is Double, not Int64", problem);
            assertFalse(subscriber.status().tagProblems().containsKey("count"));
        }
    }
}
