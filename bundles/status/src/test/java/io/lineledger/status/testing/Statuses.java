package io.lineledger.status.testing;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.DeadLetter;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.DeadLetterStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.routes.SpoolStatus;
import io.lineledger.status.Snapshot;
import io.lineledger.store.LineFence;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Status values of the parts, as their services report them, for tests of what reads a {@link Snapshot} (shell,
 * metrics, pages) without the parts. Shipped in this module's test jar.
 */
public final class Statuses {

    public static final Instant NOW = Instant.parse("2026-12-02T11:00:00Z");

    private Statuses() {
    }

    public static SourceStatus connected(String lineId, long values) {
        return new SourceStatus(lineId, "opc.tcp://plc:4840/" + lineId, true, true, 1, NOW.minusMillis(200),
                NOW.minusMillis(300), values, 0, 0, null, "io.lineledger.line~" + lineId, "None", Map.of());
    }

    public static SourceStatus disconnected(String lineId, String error) {
        return new SourceStatus(lineId, "opc.tcp://plc:4840/" + lineId, false, false, 1, NOW.minusSeconds(90),
                NOW.minusSeconds(90), 10, 1, 0, error, "io.lineledger.line~" + lineId, "None", Map.of());
    }

    public static RulesStatus rules(String lineId, String runningBatch, long spoolPending) {
        DeadLetter last = new DeadLetter(NOW.minusSeconds(5), DeadLetterCause.NO_BATCH_RUNNING,
                lineId + ": checkweigher.fillWeight 501.2 while no batch runs", "quality-check");
        return new RulesStatus(lineId, true, null, runningBatch,
                new DeadLetterStatus(3, Map.of(DeadLetterCause.NO_BATCH_RUNNING, 3L), List.of(last)),
                new SpoolStatus(spoolPending, 0, spoolPending, spoolPending > 0 ? "database down" : null));
    }

    public static LineStatus anchoringOk(String lineId, long storeLastSeq, long lastAnchoredSeq) {
        return new LineStatus(lineId, storeLastSeq, lastAnchoredSeq, lastAnchoredSeq + 1, 1, LineStatus.State.OK,
                null, NOW.minusSeconds(60), null);
    }

    public static LineStatus anchoringAlarm(String lineId, String reason) {
        return new LineStatus(lineId, 50, 40, 41, 0, LineStatus.State.ALARM, reason, NOW.minusSeconds(30),
                NOW.plusSeconds(30));
    }

    public static AnchoringStatus anchoring(LineStatus... lines) {
        return new AnchoringStatus(new NodeStatus(true, 31337, 31337, 120, null, NOW.minusMillis(500)),
                List.of(lines));
    }

    public static LineFence fence(String lineId) {
        return new LineFence(lineId, 61, 50, "the chain covers sequences up to 60 but the store holds only up to 50",
                NOW.minusSeconds(10));
    }

    public static Snapshot snapshot(Map<String, Long> storeLastSeqs, List<LineFence> fences, List<SourceStatus> sources,
                                    List<RulesStatus> rules, AnchoringStatus anchoring) {
        return new Snapshot(NOW, null, storeLastSeqs, fences, sources, rules, anchoring, List.of());
    }
}
