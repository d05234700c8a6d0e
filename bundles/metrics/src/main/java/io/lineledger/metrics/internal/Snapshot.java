package io.lineledger.metrics.internal;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What LineLedger's parts say about themselves at one moment, read on each scrape and health check. A part that is not installed (or
 * not running) is null here, never an empty "all fine".
 *
 * @param takenAt       when the snapshot was taken
 * @param storeProblem  why the store could not be read (not installed, database unreachable); null when it was
 * @param storeLastSeqs the store's last sequence per line it holds, sorted by line id
 * @param fences        lines the store refuses to append to
 * @param sources       OPC UA source status per line; null when no OPC UA source runs
 * @param rules         rules status per line; null when no rules run
 * @param anchoring     the anchoring service's status; null when it does not run
 * @param unavailable   parts whose status could not be read, with why
 * @param oldestUnanchoredAt per line with records not yet anchored, when the first of them was recorded: how long
 *                      anchoring keeps records waiting (read only while anchoring runs)
 */
public record Snapshot(Instant takenAt, String storeProblem, Map<String, Long> storeLastSeqs, List<LineFence> fences,
                       List<SourceStatus> sources, List<RulesStatus> rules, AnchoringStatus anchoring,
                       List<String> unavailable, Map<String, Instant> oldestUnanchoredAt) {

    /** Reads the store (null: not installed) and asks every feed; one failing part does not hide the others. */
    public static Snapshot collect(RecordStore store, List<StatusFeed> feeds, Instant now) {
        Builder builder = new Builder();
        for (StatusFeed feed : feeds) {
            try {
                feed.addTo(builder);
            } catch (RuntimeException | LinkageError e) {
                builder.unavailable.add(feed.part() + ": " + e);
            }
        }
        String storeProblem = null;
        Map<String, Long> lastSeqs = new LinkedHashMap<>();
        List<LineFence> fences = List.of();
        if (store == null) {
            storeProblem = "not installed (no RecordStore service)";
        } else {
            try {
                for (String lineId : new TreeSet<>(store.lineIds())) {
                    lastSeqs.put(lineId, store.lastSeq(lineId));
                }
                fences = store.fences();
            } catch (RuntimeException e) {
                storeProblem = "not readable: " + e.getMessage();
            }
        }
        Map<String, Instant> oldestUnanchored = storeProblem == null && builder.anchoring != null
                ? oldestUnanchored(store, builder.anchoring, lastSeqs) : Map.of();
        return new Snapshot(now, storeProblem, lastSeqs, fences, builder.sources, builder.rules, builder.anchoring,
                builder.unavailable, oldestUnanchored);
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

    /** A snapshot without the backlog's age (anchoring not installed, or not asked). */
    public Snapshot(Instant takenAt, String storeProblem, Map<String, Long> storeLastSeqs, List<LineFence> fences,
                    List<SourceStatus> sources, List<RulesStatus> rules, AnchoringStatus anchoring,
                    List<String> unavailable) {
        this(takenAt, storeProblem, storeLastSeqs, fences, sources, rules, anchoring, unavailable, Map.of());
    }

    public Snapshot {
        oldestUnanchoredAt = Map.copyOf(oldestUnanchoredAt);
        storeLastSeqs = Map.copyOf(storeLastSeqs);
        fences = List.copyOf(fences);
        sources = sources == null ? null : List.copyOf(sources);
        rules = rules == null ? null : List.copyOf(rules);
        unavailable = List.copyOf(unavailable);
    }

    /** Every line any part knows, sorted. */
    public List<String> lineIds() {
        TreeSet<String> ids = new TreeSet<>(storeLastSeqs.keySet());
        if (sources != null) {
            sources.forEach(s -> ids.add(s.lineId()));
        }
        if (rules != null) {
            rules.forEach(r -> ids.add(r.lineId()));
        }
        if (anchoring != null) {
            anchoring.lines().forEach(l -> ids.add(l.lineId()));
        }
        fences.forEach(f -> ids.add(f.lineId()));
        return List.copyOf(ids);
    }

    public Optional<SourceStatus> sourceOf(String lineId) {
        return sources == null ? Optional.empty()
                : sources.stream().filter(s -> lineId.equals(s.lineId())).findFirst();
    }

    public Optional<RulesStatus> rulesOf(String lineId) {
        return rules == null ? Optional.empty() : rules.stream().filter(r -> lineId.equals(r.lineId())).findFirst();
    }

    public Optional<LineStatus> anchoringOf(String lineId) {
        return anchoring == null ? Optional.empty()
                : anchoring.lines().stream().filter(l -> lineId.equals(l.lineId())).findFirst();
    }

    public Optional<LineFence> fenceOf(String lineId) {
        return fences.stream().filter(f -> lineId.equals(f.lineId())).findFirst();
    }

    /** The store's last sequence of a line: as read now, else as the anchoring service last saw it; null if neither. */
    public Long storeLastSeq(String lineId) {
        Long now = storeLastSeqs.get(lineId);
        if (now != null) {
            return now;
        }
        return anchoringOf(lineId).map(LineStatus::storeLastSeq).orElse(storeProblem == null ? 0L : null);
    }

    /** Collects what the feeds add. */
    public static final class Builder {

        private List<SourceStatus> sources;
        private List<RulesStatus> rules;
        private AnchoringStatus anchoring;
        private final List<String> unavailable = new ArrayList<>();

        public Builder sources(List<SourceStatus> statuses) {
            if (sources == null) {
                sources = new ArrayList<>();
            }
            sources.addAll(statuses);
            return this;
        }

        public Builder rules(RulesStatus status) {
            if (rules == null) {
                rules = new ArrayList<>();
            }
            rules.add(status);
            return this;
        }

        public Builder anchoring(AnchoringStatus status) {
            anchoring = status;
            return this;
        }
    }
}
