package io.lineledger.metrics.internal;

import io.lineledger.status.Snapshot;
import io.lineledger.status.WaitingComponent;
import io.lineledger.status.testing.Statuses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void configuredLinesThatRecordAndAnchorAreUp() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 5L), List.of(), List.of(Statuses.connected("line-1", 10)),
                List.of(Statuses.rules("line-1", "LOT-1", 0)), Statuses.anchoring(Statuses.anchoringOk("line-1", 5, 5)));

        Health health = Health.of(s);

        assertTrue(health.up(), health.toString());
        assertEquals("{\n  \"status\" : \"UP\",\n  \"checkedAt\" : \"2026-12-02T11:00:00Z\",\n  \"reasons\" : [ ],\n"
                + "  \"warnings\" : [ ]\n}\n", HealthJson.render(health));
    }

    @Test
    void aDisconnectedPlcOrHeldDraftsAreWarningsNotDown() {
        Snapshot s = Statuses.snapshot(Map.of(), List.of(), List.of(Statuses.disconnected("line-1", "the server "
                + "certificate is not trusted")), List.of(Statuses.rules("line-1", null, 3)), Statuses.anchoring());

        Health health = Health.of(s);

        assertTrue(health.up());
        assertEquals(List.of(new Health.Reason("line-1", "not connected to the PLC at opc.tcp://plc:4840/line-1: the "
                        + "server certificate is not trusted"),
                new Health.Reason("line-1", "3 record draft(s) held, waiting for the store: database down")),
                health.warnings());
        assertTrue(HealthJson.render(health).contains("\"warnings\" : [ {\n    \"lineId\" : \"line-1\""));
    }

    @Test
    void anAnchoringAlarmAndAFenceAreDownNamingTheLine() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 50L), List.of(Statuses.fence("line-1")),
                List.of(Statuses.connected("line-1", 10)), List.of(Statuses.rules("line-1", null, 0)),
                Statuses.anchoring(Statuses.anchoringAlarm("line-1", "the chain covers sequences up to 60 but the "
                        + "store holds only up to 50")));

        Health health = Health.of(s);

        assertFalse(health.up());
        assertEquals(2, health.reasonsOf("line-1"));
        String json = HealthJson.render(health);
        assertTrue(json.contains("\"status\" : \"DOWN\""), json);
        assertTrue(json.contains("\"lineId\" : \"line-1\",\n    \"reason\" : \"line fenced: the chain expects sequence 61"),
                json);
        assertTrue(json.contains("\"reason\" : \"anchoring ALARM: the chain covers sequences up to 60"), json);
    }

    @Test
    void anUnreachableStoreIsDown() {
        Snapshot s = new Snapshot(Statuses.NOW, "not readable: Connection refused", Map.of(), List.of(),
                List.of(Statuses.connected("line-1", 1)), null, null, List.of());

        Health health = Health.of(s);

        assertFalse(health.up());
        assertEquals("store not readable: Connection refused", health.reasons().get(0).text());
    }

    @Test
    void noConfiguredLineIsDownEvenWhenTheStoreRemembersLines() {
        Snapshot s = Statuses.snapshot(Map.of("old-line", 7L), List.of(), List.of(), List.of(), null);

        Health health = Health.of(s);

        assertFalse(health.up());
        assertTrue(health.reasons().get(0).text().startsWith("no line is configured"), health.toString());
    }

    @Test
    void aComponentThatRefusedItsConfigurationIsDownWithItsOwnMessage() {
        WaitingComponent refused = new WaitingComponent("io.lineledger.ledger",
                "io.lineledger.ledger.internal.LedgerComponent", WaitingComponent.Reason.ACTIVATION_FAILED,
                "io.lineledger.ledger", "io.lineledger.ledger: rpcUrl = 'x' is not a URL");
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of(), List.of(), List.of(Statuses.connected("line-1", 1)),
                List.of(Statuses.rules("line-1", null, 0)), null, List.of(), Map.of(), List.of(refused));

        Health health = Health.of(s);

        assertFalse(health.up());
        assertEquals("LedgerComponent (io.lineledger.ledger) did not start with etc/io.lineledger.ledger.cfg: "
                + "io.lineledger.ledger: rpcUrl = 'x' is not a URL", health.reasons().get(0).text());
    }

    @Test
    void aPartWhoseStatusFailsIsDown() {
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of(), List.of(), List.of(Statuses.connected("line-1", 1)),
                null, null, List.of("rules: java.lang.IllegalStateException: closed"));

        assertEquals("status unavailable: rules: java.lang.IllegalStateException: closed",
                Health.of(s).reasons().get(0).text());
    }
}
