package io.lineledger.status;

import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.LineFence;
import java.util.ArrayList;
import java.util.List;

/**
 * Something people should look at: ALARM (nothing is recorded or anchored until someone acts or the cause goes away)
 * before WARNING (degraded, recovering by itself, or not set up yet).
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
        for (WaitingComponent w : s.waiting()) {
            (w.reason() == WaitingComponent.Reason.ACTIVATION_FAILED ? alarms : warnings)
                    .add(new Alarm(w.reason() == WaitingComponent.Reason.ACTIVATION_FAILED ? Level.ALARM
                            : Level.WARNING, null, w.describe()));
        }
        if (s.storeProblem() != null) {
            alarms.add(new Alarm(Level.ALARM, null, "store " + s.storeProblem()));
        }
        for (LineFence f : s.fences()) {
            alarms.add(new Alarm(Level.ALARM, f.lineId(), "line fenced since " + f.raisedAt()
                    + ": the chain expects sequence " + f.chainNextSeq() + " next, the store holds up to "
                    + f.storeLastSeq() + " (" + f.reason() + ")"));
        }
        if (s.anchoring() == null) {
            notRunning(s, Snapshot.LEDGER_BUNDLE, "anchoring", "records are not anchored", warnings);
        } else {
            NodeStatus node = s.anchoring().node();
            if (node.stopped()) {
                alarms.add(new Alarm(Level.ALARM, null, "anchoring stopped: " + node.lastError()));
            } else if (!node.reachable()) {
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
            notRunning(s, Snapshot.RULES_BUNDLE, "rules", "no values are recorded", warnings);
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
            notRunning(s, Snapshot.OPCUA_BUNDLE, "OPC UA source", "no line is observed", warnings);
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
        if (s.configuredLineIds().isEmpty() && (s.sources() != null || s.rules() != null)) {
            warnings.add(new Alarm(Level.WARNING, null, "no line is configured: add "
                    + "etc/io.lineledger.line-<name>.cfg (docs/plant-configuration.md)"));
        }
        alarms.addAll(warnings);
        return List.copyOf(alarms);
    }

    /**
     * A part without status: not installed (a warning of what is missing); otherwise its waiting components said why,
     * or it has no line to run ("no line is configured" says that).
     */
    private static void notRunning(Snapshot s, String bundle, String part, String consequence, List<Alarm> warnings) {
        if (!s.installed(bundle)) {
            warnings.add(new Alarm(Level.WARNING, null, part + " not installed: " + consequence));
        }
    }
}
