package io.lineledger.routes.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lineledger.model.LineObservation;
import io.lineledger.model.LineRecord;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.camel.ProductionEventComponent;
import io.lineledger.store.internal.JdbcRecordStore;
import io.lineledger.store.testing.H2RecordStores;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPC UA bundle's real Camel consumer feeds the rules: values and gaps through the one endpoint. */
class OpcUaConsumerIntoRulesTest {

    @TempDir
    Path spoolDirectory;

    /**
     * What the OPC UA client would call: the listeners the consumer subscribed. A proxy, so that the test does not
     * depend on the exact {@code subscribe} signature (per line or for all lines): it takes the two listeners.
     */
    private static final class PlcFeed {
        volatile Consumer<ProductionEvent> events;
        volatile Consumer<ObservationGap> gaps;

        @SuppressWarnings("unchecked")
        ProductionEventSource source() {
            return (ProductionEventSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {ProductionEventSource.class}, (proxy, method, args) -> {
                        if (method.getName().equals("subscribeBatches")) {
                            Consumer<List<LineObservation>> batches = (Consumer<List<LineObservation>>) args[1];
                            events = event -> batches.accept(List.of(event));
                            gaps = gap -> batches.accept(List.of(gap));
                            return (AutoCloseable) () -> { };
                        }
                        if (method.getName().equals("subscribe")) {
                            List<Object> listeners = java.util.Arrays.stream(args)
                                    .filter(Consumer.class::isInstance).toList();
                            events = (Consumer<ProductionEvent>) listeners.get(0);
                            gaps = listeners.size() > 1 ? (Consumer<ObservationGap>) listeners.get(1) : gap -> { };
                            return (AutoCloseable) () -> { };
                        }
                        if (method.getName().equals("status")) {
                            return List.of();
                        }
                        return null;
                    });
        }
    }

    @Test
    void aGapDeliveredByTheConsumerBecomesAGapRecordBetweenTheValues() throws Exception {
        JdbcRecordStore store = new JdbcRecordStore(H2RecordStores.newDatabase());
        PlcFeed plc = new PlcFeed();
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        camel.addComponent(ProductionEventComponent.SCHEME, new ProductionEventComponent(plc.source()));
        try (LineRules rules = new LineRules(RulesSettings.of(TestLines.define(TestLines.line1()), spoolDirectory),
                store, Clock.systemUTC())) {
            rules.install(camel);
            Instant t = Instant.parse("2026-01-05T08:00:00Z");
            plc.events.accept(new ProductionEvent("line-1", "batchId", "LOT-1", t, "Good"));
            plc.events.accept(new ProductionEvent("line-1", "batchState", "Running", t.plusSeconds(1), "Good"));
            plc.gaps.accept(new ObservationGap("line-1", t.plusSeconds(2), t.plusSeconds(9),
                    ObservationGap.CAUSE_SUBSCRIPTION_LOST, "re-created"));
            plc.events.accept(new ProductionEvent("line-1", "checkweigher.fillWeight", 500.0, t.plusSeconds(10), "Good"));

            assertEquals(List.of("batch-started", "gap", "quality"),
                    store.range("line-1", 1, store.lastSeq("line-1")).stream().map(LineRecord::type).toList());
            assertEquals(0, rules.deadLetters().count());
        } finally {
            camel.stop();
        }
    }
}
