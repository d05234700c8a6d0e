package io.lineledger.status.internal;

import io.lineledger.ledger.AnchoringService;
import io.lineledger.opcua.ProductionEventSource;
import io.lineledger.routes.RulesMonitor;

/**
 * The only class that names the optional parts' service types. The JVM loads it when a part's service exists, so its
 * package is there; the status bundle resolves and runs without any of them.
 */
final class PartReads {

    private PartReads() {
    }

    static void anchoring(Object service, SnapshotCollector.Parts parts) {
        parts.anchoring(((AnchoringService) service).status());
    }

    static void rules(Object monitor, SnapshotCollector.Parts parts) {
        parts.rules(((RulesMonitor) monitor).status());
    }

    static void sources(Object source, SnapshotCollector.Parts parts) {
        parts.sources(((ProductionEventSource) source).status());
    }
}
