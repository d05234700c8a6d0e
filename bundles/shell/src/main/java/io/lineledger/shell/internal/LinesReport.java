package io.lineledger.shell.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.status.Snapshot;

/** The text of {@code lineledger:lines}: one row per line any part knows. */
public final class LinesReport {

    private LinesReport() {
    }

    public static String render(Snapshot s) {
        if (s.lineIds().isEmpty()) {
            return "No line is configured: add etc/io.lineledger.line-<name>.cfg (see docs/plant-configuration.md)\n";
        }
        TextTable table = new TextTable("LINE", "PLC", "RULES", "BATCH", "LAST SEQ", "ANCHORING", "CONFIGURATION",
                "ENDPOINT");
        for (String lineId : s.lineIds()) {
            SourceStatus src = s.sourceOf(lineId).orElse(null);
            RulesStatus rules = s.rulesOf(lineId).orElse(null);
            String plc = s.sources() == null ? absent(s, Snapshot.OPCUA_BUNDLE) : src == null ? "not configured"
                    : src.connected() ? "connected" : "disconnected";
            String rulesState = s.rules() == null ? absent(s, Snapshot.RULES_BUNDLE) : rules == null ? "not running"
                    : rules.started() ? "started" : "not started";
            String anchoring = s.anchoring() == null ? absent(s, Snapshot.LEDGER_BUNDLE)
                    : s.anchoringOf(lineId).map(LineStatus::state).map(Enum::name).orElse("not reported");
            if (s.fenceOf(lineId).isPresent()) {
                anchoring += " (fenced)";
            }
            table.row(lineId, plc, rulesState, rules == null ? null : rules.runningBatch(), s.storeLastSeq(lineId),
                    anchoring, src == null ? null : src.configuration(), src == null ? null : src.endpointUrl());
        }
        return table.toString();
    }

    /** A part without status, in a table cell: lineledger:status says what it waits for. */
    private static String absent(Snapshot s, String bundle) {
        return s.waitingIn(bundle).isEmpty() ? "not installed" : "not running";
    }
}
