package io.lineledger.opcua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.lang.annotation.Annotation;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpcUaSourceComponentTest {

    private static OpcUaSourceConfig config(String endpointUrl, String lineId, double publishingMs) {
        return new OpcUaSourceConfig() {
            @Override public Class<? extends Annotation> annotationType() { return OpcUaSourceConfig.class; }
            @Override public String endpointUrl() { return endpointUrl; }
            @Override public String lineId() { return lineId; }
            @Override public double samplingIntervalMs() { return 0; }
            @Override public double publishingIntervalMs() { return publishingMs; }
            @Override public double keepAliveMs() { return 2000; }
            @Override public long requestTimeoutMs() { return 5000; }
            @Override public int queueSize() { return 1000; }
            @Override public long maxReconnectDelayMs() { return 10_000; }
        };
    }

    private static final Map<String, Object> TAGS = Map.of("tag.batchId", "nsu=urn:lineledger:plc-sim;s=Line1.BatchId");

    @Test
    void validConfigurationBecomesSubscriberSettings() {
        SubscriberSettings settings = OpcUaSourceComponent.settings(
                config("opc.tcp://127.0.0.1:4840/lineledger", "line-1", 100), TAGS, new File("pki"));
        assertEquals("line-1", settings.lineId());
        assertEquals(1, settings.tags().size());
        assertEquals(100.0, settings.publishingIntervalMs());
    }

    @Test
    void badEndpointFailsNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpcUaSourceComponent.settings(
                config("http://plc:4840", "line-1", 100), TAGS, new File("pki")));
        assertEquals("configuration io.lineledger.opcua: endpointUrl = http://plc:4840: must start with opc.tcp://",
                e.getMessage());
    }

    @Test
    void badTagFailsNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpcUaSourceComponent.settings(
                config("opc.tcp://127.0.0.1:4840/lineledger", "line-1", 100), Map.of("tag.x", "nonsense"),
                new File("pki")));
        assertTrue(e.getMessage().startsWith("configuration io.lineledger.opcua: tag.x = nonsense"), e.getMessage());
    }

    @Test
    void zeroPublishingIntervalIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpcUaSourceComponent.settings(
                config("opc.tcp://127.0.0.1:4840/lineledger", "line-1", 0), TAGS, new File("pki")));
        assertTrue(e.getMessage().contains("publishingIntervalMs = 0.0"), e.getMessage());
    }

    @Test
    void keepAliveShorterThanThePublishingIntervalFailsNamingPidKeyAndValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpcUaSourceComponent.settings(
                config("opc.tcp://127.0.0.1:4840/lineledger", "line-1", 5000), TAGS, new File("pki")));
        assertEquals("configuration io.lineledger.opcua: keepAliveMs = 2000.0: must be >= publishingIntervalMs (5000.0)",
                e.getMessage());
    }
}
