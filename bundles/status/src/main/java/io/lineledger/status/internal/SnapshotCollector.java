package io.lineledger.status.internal;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.status.Snapshot;
import io.lineledger.status.WaitingComponent;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a {@link Snapshot} from the store and the feeds; plain Java, so it is tested without a container. */
final class SnapshotCollector {

    private SnapshotCollector() {
    }

    /** What the feeds add. */
    static final class Parts {

        private List<SourceStatus> sources;
        private List<RulesStatus> rules;
        private AnchoringStatus anchoring;
        private final List<String> unavailable = new ArrayList<>();

        Parts sources(List<SourceStatus> statuses) {
            if (sources == null) {
                sources = new ArrayList<>();
            }
            sources.addAll(statuses);
            return this;
        }

        Parts rules(RulesStatus status) {
            if (rules == null) {
                rules = new ArrayList<>();
            }
            rules.add(status);
            return this;
        }

        Parts anchoring(AnchoringStatus status) {
            anchoring = status;
            return this;
        }
    }

    /**
     * Reads the store (null: not installed) and asks every feed; one failing part does not hide the others.
     *
     * @param waiting the LineLedger components that do not run, as the component runtime reports them
     */
    static Snapshot collect(RecordStore store, List<StatusFeed> feeds, List<WaitingComponent> waiting, Instant now) {
        return collect(store, feeds, waiting, Set.of(), now);
    }

    /**
     * @param bundles LineLedger's active bundles, by symbolic name
     */
    static Snapshot collect(RecordStore store, List<StatusFeed> feeds, List<WaitingComponent> waiting,
                            Set<String> bundles, Instant now) {
        Parts parts = new Parts();
        for (StatusFeed feed : feeds) {
            try {
                feed.addTo(parts);
            } catch (RuntimeException | LinkageError e) {
                parts.unavailable.add(feed.part() + ": " + e);
            }
        }
        String storeProblem = null;
        Map<String, Long> lastSeqs = new LinkedHashMap<>();
        List<LineFence> fences = List.of();
        if (store == null) {
            storeProblem = "not installed (no RecordStore service)";
        } else {
            try {
                // the store's own figures, read now (one connection, a few index reads per line): the anchoring
                // service's are as old as its last pass, minutes behind under load
                lastSeqs.putAll(store.lastSeqs());
                fences = store.fences();
            } catch (RuntimeException e) {
                storeProblem = "not readable: " + e.getMessage();
            }
        }
        Map<String, Instant> oldestUnanchored = storeProblem == null && parts.anchoring != null
                ? oldestUnanchored(store, parts.anchoring, lastSeqs) : Map.of();
        return new Snapshot(now, storeProblem, lastSeqs, fences, parts.sources, parts.rules, parts.anchoring,
                parts.unavailable, oldestUnanchored, waiting, bundles);
    }

    /** One read by primary key per line with a backlog: the record right after the last anchored one. */
    private static Map<String, Instant> oldestUnanchored(RecordStore store, AnchoringStatus anchoring,
                                                         Map<String, Long> lastSeqs) {
        Map<String, Instant> oldest = new LinkedHashMap<>();
        for (LineStatus line : anchoring.lines()) {
            long last = lastSeqs.getOrDefault(line.lineId(), line.storeLastSeq());
            if (last > line.lastAnchoredSeq()) {
                try {
                    store.find(line.lineId(), line.lastAnchoredSeq() + 1)
                            .ifPresent(r -> oldest.put(line.lineId(), r.recordedAt()));
                } catch (RuntimeException e) {
                    // a tampered or unreadable record: the anchoring status reports that line's ALARM
                }
            }
        }
        return oldest;
    }
}
