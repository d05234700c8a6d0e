package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lineledger.opcua.SourceStatus;
import java.io.File;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The DS edges, driven by hand: shared defaults, lines from factory configurations, the old single-line PID. */
class OpcUaSourceComponentTest {

    @TempDir
    Path dir;

    private BundleContext context() {
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getProperty" -> "karaf.etc".equals(args[0]) ? dir.resolve("etc").toString() : null;
                    case "getDataFile" -> new File(dir.toFile(), (String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static OpcUaSourceConfig shared(double publishingMs) {
        return new OpcUaSourceConfig() {
            @Override public Class<? extends Annotation> annotationType() { return OpcUaSourceConfig.class; }
            @Override public double samplingIntervalMs() { return 0; }
            @Override public double publishingIntervalMs() { return publishingMs; }
            @Override public double keepAliveMs() { return 2000; }
            @Override public long requestTimeoutMs() { return 1000; }
            @Override public int queueSize() { return 10; }
            @Override public int ingestQueueCapacity() { return 100_000; }
            @Override public long ingestBudget() { return 200_000; }
            @Override public int ingestConcurrency() { return 0; }
            @Override public long maxReconnectDelayMs() { return 1000; }
            @Override public String pkiDirectory() { return ""; }
        };
    }

    private static Map<String, Object> line(String pid, String lineId) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                "service.pid", pid,
                "felix.fileinstall.filename", "file:/opt/karaf/etc/" + pid.replace('~', '-') + ".cfg",
                "lineId", lineId,
                "endpointUrl", "opc.tcp://127.0.0.1:1/lineledger",
                "tag.batchId", "nsu=urn:lineledger:plc-sim;s=Line1.BatchId"));
        return properties;
    }

    @Test
    void linesFromFactoryConfigurationsUseTheSharedDefaultsAndADuplicateFailsOnlyItsComponent() {
        OpcUaSourceComponent source = new OpcUaSourceComponent(context(), shared(250), Map.of());
        try {
            LineComponent first = new LineComponent(source, line("io.lineledger.line~a", "line-1"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new LineComponent(source, line("io.lineledger.line~b", "line-1")));
            assertEquals("io.lineledger.line~b (io.lineledger.line-b.cfg): lineId = line-1 is already read by "
                    + "io.lineledger.line~a (io.lineledger.line-a.cfg); io.lineledger.line~b (io.lineledger.line-b.cfg) "
                    + "is refused, io.lineledger.line~a (io.lineledger.line-a.cfg) keeps running", e.getMessage());
            new LineComponent(source, line("io.lineledger.line~c", "line-3"));
            List<SourceStatus> status = source.status();
            assertEquals(List.of("line-1", "line-3"), status.stream().map(SourceStatus::lineId).toList());
            first.deactivate();
            assertEquals(List.of("line-3"), source.status().stream().map(SourceStatus::lineId).toList());
        } finally {
            source.deactivate();
        }
    }

    @Test
    void theOldSingleLineConfigurationStillStartsItsLine() {
        Map<String, Object> old = line("io.lineledger.opcua", "line-1");
        OpcUaSourceComponent source = new OpcUaSourceComponent(context(), shared(100), old);
        try {
            SourceStatus status = source.status().get(0);
            assertEquals("line-1", status.lineId());
            assertEquals("io.lineledger.opcua", status.configuration());
        } finally {
            source.deactivate();
        }
    }
}
