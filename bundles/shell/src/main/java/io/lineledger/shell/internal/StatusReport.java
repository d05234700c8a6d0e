package io.lineledger.shell.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.RulesStatus;
import io.lineledger.status.Alarm;
import io.lineledger.status.Snapshot;
import io.lineledger.store.LineFence;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * The text of {@code lineledger:status}: alarms first, then the chain node and the store, then one block per line
 * (PLC connection, rules, store, anchoring, chain). A part that is not installed says so on its row.
 */
public final class StatusReport {

    private StatusReport() {
    }

    /**
     * @param rates values per second of each line, where known
     */
    public static String render(Snapshot s, Map<String, OptionalDouble> rates) {
        return render(s, rates, null);
    }

    /**
     * @param rates  values per second of each line, where known
     * @param lineId only this line and the alarms of no single line; null: every line
     */
    public static String render(Snapshot s, Map<String, OptionalDouble> rates, String lineId) {
        StringBuilder out = new StringBuilder();
        out.append("LineLedger status at ").append(Texts.time(s.takenAt())).append('\n');
        List<Alarm> alarms = Alarm.of(s).stream()
                .filter(a -> lineId == null || a.lineId() == null || lineId.equals(a.lineId())).toList();
        out.append(alarms.isEmpty() ? "Alarms: none\n" : "Alarms:\n");
        for (Alarm a : alarms) {
            out.append(String.format(Locale.ROOT, "  %-7s %-12s %s%n", a.level(), Texts.orDash(a.lineId()), a.text()));
        }
        out.append(node(s)).append('\n');
        out.append("store:      ").append(s.storeProblem() == null
                ? "OK, " + s.storeLastSeqs().size() + " line(s) hold records" : s.storeProblem()).append('\n');
        List<String> lines = s.lineIds();
        if (lines.isEmpty()) {
            out.append("\nNo line is configured: add etc/io.lineledger.line-<name>.cfg (see docs/plant-configuration.md)\n");
        } else if (lineId != null && !lines.contains(lineId)) {
            out.append("\nNo part knows line '").append(lineId).append("'; lines: ").append(String.join(", ", lines))
                    .append('\n');
        }
        for (String line : lines) {
            if (lineId != null && !lineId.equals(line)) {
                continue;
            }
            out.append('\n').append(line).append('\n');
            source(out, s, line, rates.getOrDefault(line, OptionalDouble.empty()));
            rules(out, s, line);
            store(out, s, line);
            anchoring(out, s, line);
        }
        return out.toString();
    }

    private static String node(Snapshot s) {
        if (s.anchoring() == null) {
            return "chain node: anchoring " + s.whyNotRunning(Snapshot.LEDGER_BUNDLE);
        }
        NodeStatus n = s.anchoring().node();
        StringBuilder text = new StringBuilder("chain node: ");
        text.append(n.reachable() ? "reachable" : "NOT reachable");
        text.append(", chain ").append(n.chainId()).append(" (anchoring on ").append(n.anchoringChainId()).append(')');
        text.append(", head block ").append(n.headBlock());
        text.append(", checked ").append(Texts.age(n.checkedAt(), s.takenAt()));
        if (n.lastError() != null) {
            text.append("; ").append(n.lastError());
        }
        return text.toString();
    }

    private static void source(StringBuilder out, Snapshot s, String lineId, OptionalDouble rate) {
        if (s.sources() == null) {
            out.append("  PLC        OPC UA source ").append(s.whyNotRunning(Snapshot.OPCUA_BUNDLE)).append('\n');
            return;
        }
        SourceStatus src = s.sourceOf(lineId).orElse(null);
        if (src == null) {
            out.append("  PLC        not configured in the OPC UA source\n");
            return;
        }
        out.append("  PLC        ").append(src.connected() ? "connected" : "NOT connected")
                .append(src.subscribed() ? ", subscribed" : ", not subscribed")
                .append(" to ").append(src.endpointUrl())
                .append(src.security() == null ? "" : " (" + src.security() + ")").append('\n');
        out.append("             values ").append(src.valuesReceived())
                .append(rate.isPresent() ? String.format(Locale.ROOT, " (%.1f/s)", rate.getAsDouble()) : "")
                .append(", last value ").append(Texts.age(src.lastValueAt(), s.takenAt()))
                .append(", gaps ").append(src.gapsReported())
                .append(", overflows ").append(src.overflows()).append('\n');
        if (src.lastError() != null) {
            out.append("             last error: ").append(src.lastError()).append('\n');
        }
    }

    private static void rules(StringBuilder out, Snapshot s, String lineId) {
        if (s.rules() == null) {
            out.append("  rules      ").append(s.whyNotRunning(Snapshot.RULES_BUNDLE)).append('\n');
            return;
        }
        RulesStatus r = s.rulesOf(lineId).orElse(null);
        if (r == null) {
            out.append("  rules      not running for this line\n");
            return;
        }
        out.append("  rules      ").append(r.started() ? "started" : "NOT started: " + r.problem())
                .append(", running batch ").append(Texts.orDash(r.runningBatch())).append('\n');
        out.append("             dead letters ").append(r.deadLetters().total());
        if (!r.deadLetters().byCause().isEmpty()) {
            out.append(" (").append(r.deadLetters().byCause().entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> e.getValue() + " " + e.getKey().label())
                    .collect(Collectors.joining(", "))).append(')');
        }
        out.append(", spool pending ").append(r.spool().pending()).append('\n');
        List<DeadLetter> recent = r.deadLetters().recent();
        if (!recent.isEmpty()) {
            DeadLetter last = recent.get(recent.size() - 1);
            out.append("             last dead letter ").append(Texts.age(last.at(), s.takenAt())).append(": ")
                    .append(label(last.cause())).append(": ").append(last.reason()).append('\n');
        }
        if (r.spool().lastStoreError() != null) {
            out.append("             store refused: ").append(r.spool().lastStoreError()).append('\n');
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static String label(DeadLetterCause cause) {
        return cause == null ? "-" : cause.label();
    }

    private static void store(StringBuilder out, Snapshot s, String lineId) {
        Long last = s.storeLastSeq(lineId);
        out.append("  store      last seq ").append(Texts.orDash(last));
        LineFence fence = s.fenceOf(lineId).orElse(null);
        if (fence != null) {
            out.append(", FENCED: chain expects ").append(fence.chainNextSeq()).append(" next");
        }
        out.append('\n');
    }

    private static void anchoring(StringBuilder out, Snapshot s, String lineId) {
        if (s.anchoring() == null) {
            out.append("  anchoring  ").append(s.whyNotRunning(Snapshot.LEDGER_BUNDLE)).append('\n');
            return;
        }
        LineStatus l = s.anchoringOf(lineId).orElse(null);
        if (l == null) {
            out.append("  anchoring  not reported yet\n");
            return;
        }
        Long storeLast = s.storeLastSeq(lineId);
        long backlog = Math.max(0, (storeLast == null ? l.storeLastSeq() : storeLast) - l.lastAnchoredSeq());
        out.append("  anchoring  ").append(l.state()).append(" since ").append(Texts.age(l.since(), s.takenAt()))
                .append(", last anchored seq ").append(l.lastAnchoredSeq())
                .append(", backlog ").append(backlog);
        java.time.Instant oldest = s.oldestUnanchoredAt().get(lineId);
        if (backlog > 0 && oldest != null) {
            out.append(" (oldest recorded ").append(Texts.age(oldest, s.takenAt())).append(')');
        }
        out.append(", open jobs ").append(l.openJobs()).append('\n');
        if (l.reason() != null) {
            out.append("             reason: ").append(l.reason()).append('\n');
        }
        LineStatus.Counters c = l.counters();
        out.append("             transactions ").append(c.transactionsSent()).append(" sent, ")
                .append(c.transactionsReverted()).append(" reverted, failed passes ").append(c.failures())
                .append(", windows anchored ").append(c.windowsAnchored());
        if (c.lastLatency() != null) {
            out.append(", latency last ").append(seconds(c.lastLatency())).append(" mean ")
                    .append(seconds(c.latencyTotal().dividedBy(Math.max(1, c.timedWindows()))));
        }
        out.append('\n');
        out.append("  chain      ");
        if (l.chainNextSeq() == 0) {
            out.append("not read yet\n");
        } else {
            long onChain = l.chainNextSeq() - 1;
            long lag = Math.max(0, (storeLast == null ? l.storeLastSeq() : storeLast) - onChain);
            out.append("holds up to seq ").append(onChain).append(", lag ").append(lag)
                    .append(" record(s), head block ").append(s.anchoring().node().headBlock()).append('\n');
        }
    }
}
