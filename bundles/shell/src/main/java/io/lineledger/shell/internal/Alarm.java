package io.lineledger.shell.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.LineFence;
import java.util.ArrayList;
import java.util.List;

/**
 * Something people should look at, as the status page shows it: ALARM (nothing is recorded or anchored until someone
 * acts or the cause goes away) before WARNING (degraded, recovering by itself).
 *
 * @param lineId null when it concerns no single line
 */
public record Alarm(Level level, String lineId, String text) {

    public enum Level { ALARM, WARNING }

    /** Every alarm of a snapshot, ALARMs first. */
    public static List<Alarm> of(Snapshot s) {
        List<Alarm> alarms = new ArrayList<>();
        List<Alarm> warnings = new ArrayList<>();
        s.unavailable().forEach(u -> alarms.add(new Alarm(Level.ALARM, null, "status unavailable: " + u)));
        if (s.storeProblem() != null) {
            alarms.add(new Alarm(Level.ALARM, null, "store " + s.storeProblem()));
        }
        for (LineFence f : s.fences()) {
            alarms.add(new Alarm(Level.ALARM, f.lineId(), "line fenced since " + f.raisedAt()
                    + ": the chain expects sequence " + f.chainNextSeq() + " next, the store holds up to "
                    + f.storeLastSeq() + " (" + f.reason() + ")"));
        }
        if (s.anchoring() == null) {
            warnings.add(new Alarm(Level.WARNING, null, "anchoring not installed: records are not anchored"));
        } else {
            NodeStatus node = s.anchoring().node();
            if (!node.reachable()) {
                alarms.add(new Alarm(Level.ALARM, null, "chain node not reachable"
                        + (node.lastError() == null ? "" : ": " + node.lastError())));
            } else if (node.lastError() != null) {
                warnings.add(new Alarm(Level.WARNING, null, "chain node: " + node.lastError()));
            }
            for (LineStatus line : s.anchoring().lines()) {
                if (line.state() == LineStatus.State.ALARM) {
                    alarms.add(new Alarm(Level.ALARM, line.lineId(), "anchoring alarm: " + line.reason()));
                } else if (line.state() == LineStatus.State.RETRYING) {
                    warnings.add(new Alarm(Level.WARNING, line.lineId(), "anchoring retrying: " + line.reason()));
                }
            }
        }
        if (s.rules() == null) {
            warnings.add(new Alarm(Level.WARNING, null, "rules not installed: no values are recorded"));
        } else {
            for (RulesStatus r : s.rules()) {
                if (!r.started()) {
                    alarms.add(new Alarm(Level.ALARM, r.lineId(), "rules not started: " + r.problem()));
                }
                if (r.spool().pending() > 0) {
                    warnings.add(new Alarm(Level.WARNING, r.lineId(), r.spool().pending()
                            + " record draft(s) held, waiting for the store"
                            + (r.spool().lastStoreError() == null ? "" : ": " + r.spool().lastStoreError())));
                }
                r.routeFiles().forEach(f -> warnings.add(new Alarm(Level.WARNING, r.lineId(),
                        "route file refused: " + f)));
            }
        }
        if (s.sources() == null) {
            warnings.add(new Alarm(Level.WARNING, null, "OPC UA source not installed: no line is observed"));
        } else {
            for (SourceStatus src : s.sources()) {
                if (!src.connected()) {
                    alarms.add(new Alarm(Level.ALARM, src.lineId(), "not connected to the PLC at "
                            + src.endpointUrl() + (src.lastError() == null ? "" : ": " + src.lastError())));
                } else if (!src.subscribed()) {
                    warnings.add(new Alarm(Level.WARNING, src.lineId(), "OPC UA subscription being re-created"
                            + (src.lastError() == null ? "" : ": " + src.lastError())));
                }
                src.tagProblems().forEach((tag, problem) -> warnings.add(new Alarm(Level.WARNING, src.lineId(),
                        "tag " + tag + ": " + problem)));
            }
        }
        alarms.addAll(warnings);
        return List.copyOf(alarms);
    }
}
