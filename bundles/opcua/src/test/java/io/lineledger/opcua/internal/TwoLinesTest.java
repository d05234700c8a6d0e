package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.model.ProductionEvent;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.plcsim.PlcSimulator;
import io.lineledger.plcsim.model.SimulationSettings;
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** Two lines on two plc-sim instances through the one source service, configured as two factory configurations. */
class TwoLinesTest {

    private static final String NS = "nsu=urn:lineledger:plc-sim;s=";

    @TempDir
    Path dir;

    /** The source service as DS would create it, with a bundle data area in the test's directory. */
    private OpcUaSourceComponent source() {
        BundleContext context = (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> null;
                    case "getDataFile" -> new File(dir.toFile(), (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new OpcUaSourceComponent(context, new OpcUaSourceConfig() {
            @Override public Class<? extends Annotation> annotationType() { return OpcUaSourceConfig.class; }
            @Override public double samplingIntervalMs() { return 0; }
            @Override public double publishingIntervalMs() { return 20; }
            @Override public double keepAliveMs() { return 2000; }
            @Override public long requestTimeoutMs() { return 5000; }
            @Override public int queueSize() { return 1000; }
            @Override public int ingestQueueCapacity() { return 100_000; }
            @Override public long ingestBudget() { return 200_000; }
            @Override public int ingestConcurrency() { return 0; }
            @Override public long maxReconnectDelayMs() { return 1000; }
            @Override public String pkiDirectory() { return ""; }
        }, Map.of());
    }

    private static Map<String, Object> configuration(String name, Object... keyValues) {
        Map<String, Object> properties = new HashMap<>(Map.of("service.pid", "io.lineledger.line~" + name));
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.put((String) keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    private static ProductionEvent poll(BlockingQueue<ProductionEvent> queue, Predicate<ProductionEvent> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            ProductionEvent event = queue.poll(100, TimeUnit.MILLISECONDS);
            if (event != null && wanted.test(event)) {
                return event;
            }
        }
        return null;
    }

    @Test
    void eachSubscriptionGetsItsOwnLineAndOneWaitingForItsLineStartsWhenTheConfigurationAppears() throws Exception {
        SimulationSettings fast = SimulationSettings.defaults().withPartsPerBatch(6).withPartIntervalMs(50)
                .withPhaseDelays(200, 200, 300);
        OpcUaSourceComponent service = source();
        ProductionEventSource source = service;
        try (PlcSimulator plcA = PlcSimulator.start(PlcSimulator.Options.defaults().withDataDir(dir.resolve("a"))
                     .withSettings(fast));
             PlcSimulator plcB = PlcSimulator.start(PlcSimulator.Options.defaults().withDataDir(dir.resolve("b"))
                     .withPartIntervalMs(50));
             AutoCloseable stopService = service::deactivate) { // stopped before the PLCs, as in a Karaf shutdown
            BlockingQueue<ProductionEvent> line1 = new LinkedBlockingQueue<>();
            BlockingQueue<ProductionEvent> line2 = new LinkedBlockingQueue<>();
            source.subscribe("line-2", line2::add); // before the line is configured

            LineComponent first = new LineComponent(service, configuration("line1", "lineId", "line-1",
                    "endpointUrl", plcA.endpointUrl(),
                    "tag.batchId", NS + "Line1.BatchId",
                    "tag.weight", NS + "Line1.Checkweigher.FillWeight"));
            source.subscribe("line-1", line1::add);
            new LineComponent(service, configuration("line2", "lineId", "line-2", "endpointUrl", plcB.endpointUrl(),
                    "tag.batchId.path", "Line2/BatchId",
                    "tag.weight.path", "Line2/Checkweigher/FillWeight",
                    "tag.weight.type", "Double"));

            assertNotNull(poll(line1, e -> e.tag().equals("weight") && (Double) e.value() > 0), "line-1's weights");
            assertNotNull(poll(line2, e -> e.tag().equals("weight") && (Double) e.value() > 0), "line-2's weights");
            ProductionEvent batch2 = poll(line2, e -> e.tag().equals("batchId") && e.value().toString().startsWith("LOT2-"));
            assertNotNull(batch2, "line-2 reads plc B's Line2 through its browse paths");
            assertTrue(line1.stream().allMatch(e -> e.lineId().equals("line-1")), "only line-1's events");
            assertTrue(line2.stream().allMatch(e -> e.lineId().equals("line-2")), "only line-2's events");

            List<SourceStatus> status = source.status();
            assertEquals(List.of("line-1", "line-2"), status.stream().map(SourceStatus::lineId).toList());
            assertEquals(List.of(plcA.endpointUrl(), plcB.endpointUrl()),
                    status.stream().map(SourceStatus::endpointUrl).toList());
            assertEquals(List.of("io.lineledger.line~line1", "io.lineledger.line~line2"),
                    status.stream().map(SourceStatus::configuration).toList());

            // the configuration goes and comes back: the subscription follows the line
            first.deactivate();
            line1.clear();
            Thread.sleep(300);
            assertTrue(line1.isEmpty(), "no events while line-1 is not configured");
            assertNotNull(poll(line2, e -> e.tag().equals("weight")), "line-2 keeps delivering");
            new LineComponent(service, configuration("line1", "lineId", "line-1", "endpointUrl", plcA.endpointUrl(),
                    "tag.weight", NS + "Line1.Checkweigher.FillWeight"));
            assertNotNull(poll(line1, e -> e.tag().equals("weight")), "line-1 is back for its subscriber");
        }
    }
}
