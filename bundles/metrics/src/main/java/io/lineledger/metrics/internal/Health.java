package io.lineledger.metrics.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.status.Snapshot;
import io.lineledger.status.WaitingComponent;
import io.lineledger.store.LineFence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether LineLedger is ready to record and anchor: DOWN while a line's anchoring is in ALARM, a line is fenced, the
 * store cannot be read, a part's status cannot be read, a LineLedger component waits for its configuration or a
 * service or refused its configuration, or no line is configured. A PLC that is away or anchoring
 * that retries are not DOWN: LineLedger handles those by itself (gaps, spool, backoff) and status shows them.
 *
 * @param reasons  why it is DOWN, each naming its line where it concerns one; empty when UP
 * @param warnings what is wrong without making it DOWN (a PLC away, anchoring retrying, drafts held): what to look
 *                 at before it becomes an alarm
 */
public record Health(boolean up, Instant checkedAt, List<Reason> reasons, List<Reason> warnings) {

    /** One cause of DOWN; {@code lineId} null when it concerns no single line. */
    public record Reason(String lineId, String text) { }

    public Health {
        reasons = List.copyOf(reasons);
        warnings = List.copyOf(warnings);
    }

    public static Health of(Snapshot s) {
        List<Reason> reasons = new ArrayList<>();
        s.unavailable().forEach(u -> reasons.add(new Reason(null, "status unavailable: " + u)));
        for (WaitingComponent w : s.waiting()) {
            reasons.add(new Reason(null, w.describe()));
        }
        if (s.storeProblem() != null) {
            reasons.add(new Reason(null, "store " + s.storeProblem()));
        }
        for (LineFence f : s.fences()) {
            reasons.add(new Reason(f.lineId(), "line fenced: the chain expects sequence " + f.chainNextSeq()
                    + " next, the store holds up to " + f.storeLastSeq() + " (" + f.reason() + ")"));
        }
        if (s.anchoring() != null) {
            if (s.anchoring().node().stopped()) {
                reasons.add(new Reason(null, "anchoring stopped: " + s.anchoring().node().lastError()));
            }
            for (LineStatus line : s.anchoring().lines()) {
                if (line.state() == LineStatus.State.ALARM) {
                    reasons.add(new Reason(line.lineId(), "anchoring ALARM: " + line.reason()));
                }
            }
        }
        if (s.configuredLineIds().isEmpty()) {
            reasons.add(new Reason(null, "no line is configured: add etc/io.lineledger.line-<name>.cfg"
                    + (s.sources() == null && s.rules() == null ? " (and install the OPC UA source and the rules)" : "")));
        }
        return new Health(reasons.isEmpty(), s.takenAt(), reasons, warnings(s));
    }

    private static List<Reason> warnings(Snapshot s) {
        List<Reason> warnings = new ArrayList<>();
        if (s.sources() != null) {
            for (SourceStatus src : s.sources()) {
                if (!src.connected()) {
                    warnings.add(new Reason(src.lineId(), "not connected to the PLC at " + src.endpointUrl()
                            + (src.lastError() == null ? "" : ": " + src.lastError())));
                }
            }
        }
        if (s.rules() != null) {
            for (RulesStatus r : s.rules()) {
                if (!r.started()) {
                    warnings.add(new Reason(r.lineId(), "rules not started: " + r.problem()));
                }
                if (r.spool().pending() > 0) {
                    warnings.add(new Reason(r.lineId(), r.spool().pending() + " record draft(s) held, waiting for "
                            + "the store" + (r.spool().lastStoreError() == null ? "" : ": " + r.spool().lastStoreError())));
                }
            }
        }
        if (s.anchoring() != null) {
            if (!s.anchoring().node().stopped()
                    && (!s.anchoring().node().reachable() || s.anchoring().node().lastError() != null)) {
                warnings.add(new Reason(null, "chain node" + (s.anchoring().node().reachable() ? "" : " not reachable")
                        + (s.anchoring().node().lastError() == null ? "" : ": " + s.anchoring().node().lastError())));
            }
            for (LineStatus line : s.anchoring().lines()) {
                if (line.state() == LineStatus.State.RETRYING) {
                    warnings.add(new Reason(line.lineId(), "anchoring retrying: " + line.reason()));
                }
            }
        }
        return warnings;
    }

    /** How many reasons concern a line. */
    public long reasonsOf(String lineId) {
        return reasons.stream().filter(r -> lineId.equals(r.lineId())).count();
    }
}
