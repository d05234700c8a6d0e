package io.lineledger.opcua.camel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

class ProductionEventComponentTest {

    /** A source the test pushes events into. */
    private static final class ManualSource implements ProductionEventSource {
        record Listener(String lineId, Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) { }

        final List<Listener> listeners = new CopyOnWriteArrayList<>();

        @Override
        public AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps) {
            Listener listener = new Listener(lineId, events, gaps);
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public List<SourceStatus> status() {
            return List.of();
        }

        void emit(ProductionEvent event) {
            listeners.stream().filter(l -> l.lineId().equals(event.lineId())).forEach(l -> l.events().accept(event));
        }

        void emit(ObservationGap gap) {
            listeners.stream().filter(l -> l.lineId().equals(gap.lineId())).forEach(l -> l.gaps().accept(gap));
        }
    }

    private static ProductionEvent event(String line, String tag, Object value) {
        return new ProductionEvent(line, tag, value, Instant.parse("2026-01-01T00:00:00Z"), "Good");
    }

    @Test
    void routeReceivesItsLinesEventsWithHeadersAndUnsubscribesOnStop() throws Exception {
        ManualSource source = new ManualSource();
        List<Exchange> received = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent(ProductionEventComponent.SCHEME, new ProductionEventComponent(source));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("lineledger-opcua:line-1").routeId("events").process(received::add);
                }
            });
            context.start();
            assertEquals(1, source.listeners.size(), "subscribed on start");
            assertEquals("line-1", source.listeners.get(0).lineId(), "to the endpoint's line");

            source.emit(event("line-1", "batchId", "LOT-1"));
            source.emit(event("line-2", "batchId", "LOT-9"));
            source.emit(event("line-1", "partCount", 1L));

            assertEquals(2, received.size(), "only line-1's events");
            Exchange first = received.get(0);
            assertEquals(event("line-1", "batchId", "LOT-1"), first.getMessage().getBody(ProductionEvent.class));
            assertEquals("line-1", first.getMessage().getHeader(ProductionEventComponent.HEADER_LINE_ID));
            assertEquals("batchId", first.getMessage().getHeader(ProductionEventComponent.HEADER_TAG));
            assertEquals("partCount", received.get(1).getMessage().getHeader(ProductionEventComponent.HEADER_TAG));

            context.getRouteController().stopRoute("events");
            assertTrue(source.listeners.isEmpty(), "unsubscribed on stop");
        }
    }

    @Test
    void gapsOfTheLineReachTheSameRouteAsEventsWithAGapBody() throws Exception {
        ManualSource source = new ManualSource();
        List<Object> bodies = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent(ProductionEventComponent.SCHEME, new ProductionEventComponent(source));
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("lineledger-opcua:line-1").process(e -> bodies.add(e.getMessage().getBody()));
                }
            });
            context.start();
            ObservationGap gap = new ObservationGap("line-1", Instant.parse("2026-01-01T00:00:00Z"),
                    Instant.parse("2026-01-01T00:00:05Z"), ObservationGap.CAUSE_SESSION_LOST, "");
            source.emit(event("line-1", "batchId", "LOT-1"));
            source.emit(gap);
            source.emit(new ObservationGap("line-2", gap.from(), gap.to(), gap.cause(), ""));

            assertEquals(List.of(event("line-1", "batchId", "LOT-1"), gap), bodies, "the line's gap, after its event");
        }
    }

    @Test
    void sendingToTheEndpointIsRejected() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addComponent(ProductionEventComponent.SCHEME, new ProductionEventComponent(new ManualSource()));
            context.start();
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> context.getEndpoint("lineledger-opcua:line-1").createProducer());
            assertTrue(e.getMessage().contains("can only be read from"), e.getMessage());
        }
    }
}
