package io.lineledger.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.status.WaitingComponent.Reason;
import io.lineledger.status.testing.Statuses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlarmTest {

    @Test
    void alarmsComeBeforeWarningsAndNameTheirLine() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 50L, "line-2", 9L), List.of(Statuses.fence("line-1")),
                List.of(Statuses.connected("line-1", 5), Statuses.disconnected("line-2", "connection refused")),
                List.of(Statuses.rules("line-1", null, 4), Statuses.rules("line-2", null, 0)),
                Statuses.anchoring(Statuses.anchoringAlarm("line-1", "the chain covers sequences up to 60"),
                        Statuses.anchoringOk("line-2", 9, 9)));

        List<Alarm> alarms = Alarm.of(s);

        assertTrue(alarms.stream().anyMatch(a -> a.level() == Alarm.Level.ALARM && "line-1".equals(a.lineId())
                && a.text().startsWith("line fenced")), alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.level() == Alarm.Level.ALARM && "line-2".equals(a.lineId())
                && a.text().contains("connection refused")), alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.level() == Alarm.Level.WARNING
                && a.text().startsWith("4 record draft(s) held")), alarms.toString());
        int firstWarning = alarms.indexOf(alarms.stream().filter(a -> a.level() == Alarm.Level.WARNING)
                .findFirst().orElseThrow());
        assertTrue(alarms.subList(firstWarning, alarms.size()).stream().allMatch(a -> a.level() == Alarm.Level.WARNING),
                alarms.toString());
    }

    @Test
    void aPartThatIsInstalledButNotConfiguredSaysWhatToCreateInsteadOfNotInstalled() {
        WaitingComponent ledger = new WaitingComponent(Snapshot.LEDGER_BUNDLE,
                "io.lineledger.ledger.internal.LedgerComponent", Reason.NO_CONFIGURATION, "io.lineledger.ledger", null);
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of(), List.of(), List.of(), null, null, List.of(),
                Map.of(), List.of(ledger));

        List<Alarm> alarms = Alarm.of(s);

        assertTrue(alarms.contains(new Alarm(Alarm.Level.WARNING, null,
                "LedgerComponent (io.lineledger.ledger) waits for its configuration: create etc/io.lineledger.ledger.cfg")),
                alarms.toString());
        assertTrue(alarms.stream().noneMatch(a -> a.text().startsWith("anchoring not installed")), alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.text().startsWith("rules not installed")), alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.text().startsWith("no line is configured")), alarms.toString());
        assertEquals("not running: " + ledger.describe(), s.whyNotRunning(Snapshot.LEDGER_BUNDLE));
        assertEquals("not installed", s.whyNotRunning(Snapshot.RULES_BUNDLE));
    }

    @Test
    void rulesInstalledWithoutALineAreNotSaidToBeMissing() {
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of(), List.of(), List.of(), null, null, List.of(), Map.of(),
                List.of(), java.util.Set.of(Snapshot.RULES_BUNDLE, Snapshot.OPCUA_BUNDLE));

        List<Alarm> alarms = Alarm.of(s);

        assertTrue(alarms.stream().noneMatch(a -> a.text().startsWith("rules not installed")), alarms.toString());
        assertTrue(alarms.stream().anyMatch(a -> a.text().startsWith("no line is configured")), alarms.toString());
        assertEquals("installed, no line configured", s.whyNotRunning(Snapshot.RULES_BUNDLE));
    }

    @Test
    void anchoringStoppedByAMissingKeyIsAnAlarmEvenWithTheNodeReachable() {
        Snapshot s = Statuses.snapshot(Map.of(), List.of(), List.of(), List.of(), new io.lineledger.ledger
                .AnchoringStatus(new io.lineledger.ledger.NodeStatus(true, 31337, 0, 12, "signing key: keystore"
                + " etc/lineledger/anchoring-key.json does not exist", Statuses.NOW, true), List.of()));

        assertEquals(new Alarm(Alarm.Level.ALARM, null, "anchoring stopped: signing key: keystore"
                + " etc/lineledger/anchoring-key.json does not exist"), Alarm.of(s).get(0));
    }

    @Test
    void aRefusedConfigurationIsAnAlarmWithTheComponentsOwnMessage() {
        WaitingComponent ledger = new WaitingComponent(Snapshot.LEDGER_BUNDLE,
                "io.lineledger.ledger.internal.LedgerComponent", Reason.ACTIVATION_FAILED, "io.lineledger.ledger",
                "io.lineledger.ledger: rpcUrl = 'ftp://x' must be an http:// or https:// URL");
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of(), List.of(), null, null, null, List.of(), Map.of(),
                List.of(ledger));

        Alarm first = Alarm.of(s).get(0);

        assertEquals(Alarm.Level.ALARM, first.level());
        assertEquals("LedgerComponent (io.lineledger.ledger) did not start with etc/io.lineledger.ledger.cfg: "
                + "io.lineledger.ledger: rpcUrl = 'ftp://x' must be an http:// or https:// URL", first.text());
    }
}
