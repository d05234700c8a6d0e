package io.lineledger.status;

import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.LineFence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What LineLedger's parts say about themselves at one moment. A part that is not installed (or not running) is null
 * here, never an empty "all fine"; {@link #waiting()} says why one that is installed does not run.
 *
 * @param takenAt            when the snapshot was taken
 * @param storeProblem       why the store could not be read (not installed, database unreachable); null when it was
 * @param storeLastSeqs      the store's last sequence per line it holds, read from the store for this snapshot
 * @param fences             lines the store refuses to append to
 * @param sources            OPC UA source status per line; null when no OPC UA source runs
 * @param rules              rules status per line; null when no rules run
 * @param anchoring          the anchoring service's status; null when it does not run
 * @param unavailable        parts whose status could not be read, with why
 * @param oldestUnanchoredAt per line with records not yet anchored, when the first of them was recorded: how long
 *                           anchoring keeps records waiting (read only while anchoring runs)
 * @param waiting            LineLedger components that do not run for want of configuration or a service, or whose
 *                           activation failed: what is still to configure
 * @param bundles            LineLedger's bundles active in this container (symbolic names); empty when not known
 */
public record Snapshot(Instant takenAt, String storeProblem, Map<String, Long> storeLastSeqs, List<LineFence> fences,
                       List<SourceStatus> sources, List<RulesStatus> rules, AnchoringStatus anchoring,
                       List<String> unavailable, Map<String, Instant> oldestUnanchoredAt,
                       List<WaitingComponent> waiting, Set<String> bundles) {

    /** The bundles of the optional parts, as {@link #whyNotRunning} names them. */
    public static final String OPCUA_BUNDLE = "io.lineledger.opcua";
    public static final String RULES_BUNDLE = "io.lineledger.routes";
    public static final String LEDGER_BUNDLE = "io.lineledger.ledger";
    public static final String STORE_BUNDLE = "io.lineledger.store";

    public Snapshot {
        storeLastSeqs = Map.copyOf(storeLastSeqs);
        fences = List.copyOf(fences);
        sources = sources == null ? null : List.copyOf(sources);
        rules = rules == null ? null : List.copyOf(rules);
        unavailable = List.copyOf(unavailable);
        oldestUnanchoredAt = Map.copyOf(oldestUnanchoredAt);
        waiting = List.copyOf(waiting);
        bundles = Set.copyOf(bundles);
    }

    /** A snapshot that does not say which bundles are active. */
    public Snapshot(Instant takenAt, String storeProblem, Map<String, Long> storeLastSeqs, List<LineFence> fences,
                    List<SourceStatus> sources, List<RulesStatus> rules, AnchoringStatus anchoring,
                    List<String> unavailable, Map<String, Instant> oldestUnanchoredAt,
                    List<WaitingComponent> waiting) {
        this(takenAt, storeProblem, storeLastSeqs, fences, sources, rules, anchoring, unavailable, oldestUnanchoredAt,
                waiting, Set.of());
    }

    /** A snapshot without the backlog's age and with every installed component running. */
    public Snapshot(Instant takenAt, String storeProblem, Map<String, Long> storeLastSeqs, List<LineFence> fences,
                    List<SourceStatus> sources, List<RulesStatus> rules, AnchoringStatus anchoring,
                    List<String> unavailable) {
        this(takenAt, storeProblem, storeLastSeqs, fences, sources, rules, anchoring, unavailable, Map.of(), List.of(),
                Set.of());
    }

    /** Every line any part knows, sorted. */
    public List<String> lineIds() {
        TreeSet<String> ids = new TreeSet<>(storeLastSeqs.keySet());
        ids.addAll(configuredLineIds());
        if (anchoring != null) {
            anchoring.lines().forEach(l -> ids.add(l.lineId()));
        }
        fences.forEach(f -> ids.add(f.lineId()));
        return List.copyOf(ids);
    }

    /** Lines the OPC UA source or the rules run: configured ones, as opposed to lines the store merely remembers. */
    public List<String> configuredLineIds() {
        TreeSet<String> ids = new TreeSet<>();
        if (sources != null) {
            sources.forEach(s -> ids.add(s.lineId()));
        }
        if (rules != null) {
            rules.forEach(r -> ids.add(r.lineId()));
        }
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

    /**
     * The store's last sequence of a line as read from the store for this snapshot: 0 when the store holds none of the
     * line, null when the store could not be read. Never the anchoring service's figure, which is as old as its last
     * pass over the line (minutes under load): that one is {@link #lastSeqAtLastAnchoringPass}.
     */
    public Long storeLastSeq(String lineId) {
        Long now = storeLastSeqs.get(lineId);
        if (now != null) {
            return now;
        }
        return storeProblem == null ? 0L : null;
    }

    /** The store's last sequence of a line as the anchoring service read it on its last pass; empty if not reported. */
    public Optional<Long> lastSeqAtLastAnchoringPass(String lineId) {
        return anchoringOf(lineId).map(LineStatus::storeLastSeq);
    }

    /** The components of a bundle that do not run. */
    public List<WaitingComponent> waitingIn(String bundle) {
        return waiting.stream().filter(w -> bundle.equals(w.bundle())).toList();
    }

    /**
     * Why a part reports no status: what its components wait for ("not running: … waits for its configuration: create
     * etc/io.lineledger.ledger.cfg"), that it has no line to run (the OPC UA source and the rules run per line), or
     * "not installed". Ask only for a part whose status is null.
     */
    public String whyNotRunning(String bundle) {
        List<WaitingComponent> components = waitingIn(bundle);
        if (!components.isEmpty()) {
            return "not running: " + components.get(0).describe();
        }
        if (bundles.contains(bundle)) {
            return RULES_BUNDLE.equals(bundle) || OPCUA_BUNDLE.equals(bundle) ? "installed, no line configured"
                    : "installed, starting";
        }
        return "not installed";
    }

    /** Whether a part's bundle is active here, or one of its components says why it is not running. */
    public boolean installed(String bundle) {
        return bundles.contains(bundle) || !waitingIn(bundle).isEmpty();
    }
}
