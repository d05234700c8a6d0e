package io.lineledger.certificates;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.ChainInfo;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.model.ObservationGap;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesMonitor;
import io.lineledger.routes.RulesStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** In-test stand-ins of the status services the certificates bundle reads: each answers a fixed status. */
public final class StatusServices {

    public static final Instant SINCE = Instant.parse("2025-03-04T08:00:00Z");

    private StatusServices() {
    }

    public static NodeStatus reachableNode() {
        return new NodeStatus(true, Anchors.CHAIN_ID, Anchors.CHAIN_ID, 1234, null, SINCE);
    }

    public static LineStatus line(String lineId, LineStatus.State state, String reason) {
        return new LineStatus(lineId, 12, 8, 9, 1, state, reason, SINCE,
                state == LineStatus.State.OK ? null : SINCE.plusSeconds(30));
    }

    public static AnchoringService anchoring(NodeStatus node, LineStatus... lines) {
        AnchoringStatus status = new AnchoringStatus(node, List.of(lines));
        return new AnchoringService() {
            @Override public ChainInfo chain() { return new ChainInfo(Anchors.CHAIN_ID, Anchors.CONTRACT, "0x01"); }
            @Override public void anchorPending() { }
            @Override public AnchoringStatus status() { return status; }
        };
    }

    public static RulesMonitor rules(RulesStatus status) {
        return () -> status;
    }

    public static ProductionEventSource source(SourceStatus... statuses) {
        return new ProductionEventSource() {
            @Override
            public AutoCloseable subscribe(String lineId, Consumer<io.lineledger.model.ProductionEvent> events,
                                           Consumer<ObservationGap> gaps) {
                return () -> { };
            }

            @Override
            public List<SourceStatus> status() {
                return List.of(statuses);
            }
        };
    }
}
