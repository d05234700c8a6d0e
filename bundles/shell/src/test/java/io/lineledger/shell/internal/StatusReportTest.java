package io.lineledger.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lineledger.status.Alarm;
import io.lineledger.status.Snapshot;
import io.lineledger.status.testing.Statuses;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class StatusReportTest {

    @Test
    void aLineShowsEveryPartOnItsOwnRow() {
        Snapshot s = new Snapshot(Statuses.NOW, null, Map.of("line-1", 57L), List.of(),
                List.of(Statuses.connected("line-1", 1234)), List.of(Statuses.rules("line-1", "LOT-7", 0)),
                Statuses.anchoring(Statuses.anchoringOk("line-1", 55, 50)), List.of(),
                Map.of("line-1", Statuses.NOW.minusSeconds(4)), List.of());

        String text = StatusReport.render(s, Map.of("line-1", OptionalDouble.of(12.5)));

        assertTrue(text.contains("Alarms: none"), text);
        assertTrue(text.contains("\nline-1\n"), text);
        assertTrue(text.contains("connected, subscribed to opc.tcp://plc:4840/line-1 (None)"), text);
        assertTrue(text.contains("values 1234 (12.5/s), last value 0.3 s ago"), text);
        assertTrue(text.contains("dead letters 3 (3 no batch running), spool pending 0"), text);
        assertTrue(text.contains("last dead letter 5.0 s ago: no batch running: line-1: checkweigher"), text);
        assertTrue(text.contains("store      last seq 57"), text);
        // the store's own last sequence (57) is newer than the anchoring pass's (55)
        assertTrue(text.contains("anchoring  OK since 60 s ago, last anchored seq 50, backlog 7 (oldest recorded 4.0 s ago), "
                + "open jobs 1"), text);
        assertTrue(text.contains("chain      holds up to seq 50, lag 7 record(s), head block 120"), text);
        assertTrue(text.contains("transactions 0 sent, 0 reverted, failed passes 0, windows anchored 0\n"), text);
    }

    @Test
    void anchoringCountersShowTransactionsFailuresAndLatency() {
        io.lineledger.ledger.LineStatus ok = Statuses.anchoringOk("line-1", 55, 50);
        io.lineledger.ledger.LineStatus counted = new io.lineledger.ledger.LineStatus(ok.lineId(), ok.storeLastSeq(),
                ok.lastAnchoredSeq(), ok.chainNextSeq(), ok.openJobs(), ok.state(), ok.reason(), ok.since(),
                ok.nextAttempt(), new io.lineledger.ledger.LineStatus.Counters(12, 1, 2, 10, 8,
                java.time.Duration.ofMillis(16_000), java.time.Duration.ofMillis(1500)));
        Snapshot s = Statuses.snapshot(Map.of("line-1", 55L), List.of(), null, null, Statuses.anchoring(counted));

        String text = StatusReport.render(s, Map.of());

        assertTrue(text.contains("transactions 12 sent, 1 reverted, failed passes 2, windows anchored 10, latency last"
                + " 1.5 s mean 2.0 s"), text);
    }

    @Test
    void alarmsComeFirstAndNameTheirLine() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 50L, "line-2", 9L), List.of(Statuses.fence("line-1")),
                List.of(Statuses.connected("line-1", 5), Statuses.disconnected("line-2", "connection refused")),
                List.of(Statuses.rules("line-1", null, 4), Statuses.rules("line-2", null, 0)),
                Statuses.anchoring(Statuses.anchoringAlarm("line-1", "the chain covers sequences up to 60"),
                        Statuses.anchoringOk("line-2", 9, 9)));

        String text = StatusReport.render(s, Map.of());

        int alarms = text.indexOf("Alarms:");
        int firstLine = text.indexOf("\nline-1\n");
        assertTrue(alarms >= 0 && alarms < firstLine, text);
        List<Alarm> list = Alarm.of(s);
        assertEquals(Alarm.Level.ALARM, list.get(0).level());
        assertTrue(list.stream().anyMatch(a -> a.level() == Alarm.Level.ALARM && "line-1".equals(a.lineId())
                && a.text().startsWith("line fenced")), list.toString());
        assertTrue(list.stream().anyMatch(a -> a.level() == Alarm.Level.ALARM && "line-1".equals(a.lineId())
                && a.text().startsWith("anchoring alarm")), list.toString());
        assertTrue(list.stream().anyMatch(a -> a.level() == Alarm.Level.ALARM && "line-2".equals(a.lineId())
                && a.text().contains("connection refused")), list.toString());
        assertTrue(list.stream().anyMatch(a -> a.level() == Alarm.Level.WARNING
                && a.text().startsWith("4 record draft(s) held")), list.toString());
        // every ALARM before the first WARNING
        int lastAlarm = -1;
        int firstWarning = list.size();
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).level() == Alarm.Level.ALARM) {
                lastAlarm = i;
            } else {
                firstWarning = Math.min(firstWarning, i);
            }
        }
        assertTrue(lastAlarm < firstWarning, list.toString());
        assertTrue(text.contains("FENCED: chain expects 61 next"), text);
        assertTrue(text.contains("NOT connected"), text);
    }

    @Test
    void aPartThatIsNotInstalledSaysSoInsteadOfLookingFine() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 3L), List.of(), null, null, null);

        String text = StatusReport.render(s, Map.of());

        assertTrue(text.contains("chain node: anchoring not installed"), text);
        assertTrue(text.contains("PLC        OPC UA source not installed"), text);
        assertTrue(text.contains("rules      not installed"), text);
        assertTrue(text.contains("anchoring  not installed"), text);
        assertTrue(text.contains("WARNING -            anchoring not installed"), text);
    }

    @Test
    void anUnreadableStoreIsAnAlarmAndNoLineIsExplained() {
        Snapshot s = new Snapshot(Statuses.NOW, "not readable: Connection refused", Map.of(), List.of(), List.of(),
                List.of(), null, List.of());

        String text = StatusReport.render(s, Map.of());

        assertTrue(text.contains("ALARM   -            store not readable: Connection refused"), text);
        assertTrue(text.contains("No line is configured"), text);
    }

    @Test
    void linesListOneRowPerLine() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 57L), List.of(), List.of(Statuses.connected("line-1", 1),
                Statuses.disconnected("line-2", "refused")), List.of(Statuses.rules("line-1", "LOT-7", 0)),
                Statuses.anchoring(Statuses.anchoringOk("line-1", 57, 50)));

        String[] rows = LinesReport.render(s).split("\n");

        assertEquals(3, rows.length, String.join("\n", rows));
        assertTrue(rows[0].startsWith("LINE"), rows[0]);
        assertTrue(rows[1].matches("line-1 +connected +started +LOT-7 +57 +OK +io.lineledger.line~line-1 .*"), rows[1]);
        assertTrue(rows[2].matches("line-2 +disconnected +not running +- +0 +not reported +io.lineledger.line~line-2 .*"),
                rows[2]);
    }

    @Test
    void oneLineShowsItsOwnAlarmsAndThoseOfNoSingleLine() {
        Snapshot s = Statuses.snapshot(Map.of("line-1", 5L, "line-2", 9L), List.of(),
                List.of(Statuses.connected("line-1", 5), Statuses.disconnected("line-2", "connection refused")),
                List.of(Statuses.rules("line-1", null, 0), Statuses.rules("line-2", null, 0)), null);

        String text = StatusReport.render(s, Map.of(), "line-1");

        assertTrue(text.contains("\nline-1\n") && !text.contains("\nline-2\n"), text);
        assertTrue(!text.contains("connection refused"), text);
        assertTrue(text.contains("anchoring not installed"), text);
        assertTrue(StatusReport.render(s, Map.of(), "line-9").contains("No part knows line 'line-9'; lines: line-1, line-2"));
    }
}
