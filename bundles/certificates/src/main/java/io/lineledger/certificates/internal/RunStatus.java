package io.lineledger.certificates.internal;

import io.lineledger.certificates.BatchCertificate.AnchoringState;
import io.lineledger.certificates.BatchCertificate.LineAnchoring;
import io.lineledger.ledger.AnchoringStatus;
import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.RulesStatus;
import io.lineledger.store.LineFence;
import io.lineledger.store.RecordStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What LineLedger's parts say about themselves at one moment, for the status page and the certificate's anchoring
 * state. A part that is not installed (or not running) is null here, never an empty "all fine".
 *
 * @param takenAt     when the snapshot was taken
 * @param sources     OPC UA source status per line; null when no OPC UA source runs
 * @param rules       rules status per line; null when no rules run
 * @param anchoring   the anchoring service's status; null when it does not run
 * @param fences      lines the store refuses to append to
 * @param unavailable parts whose status could not be read, with why
 * @param registry    the registry, chain and writer the anchoring service uses; null when it does not run or has not
 *                    reached the chain yet
 */
record RunStatus(Instant takenAt, List<SourceStatus> sources, List<RulesStatus> rules, AnchoringStatus anchoring,
                 List<LineFence> fences, List<String> unavailable, Registry registry) {

    /** Where the anchoring service anchors: what certificates compare the chain's facts with. */
    record Registry(long chainId, String contract, String writer) { }

    /** A part's names on the pages. */
    static final String SOURCES = "OPC UA source";
    static final String RULES = "rules";
    static final String ANCHORING = "anchoring";

    enum Level { ALARM, WARNING }

    /** Something people should look at; {@code lineId} null when it concerns no single line. */
    record Alarm(Level level, String lineId, String text) { }

    /** Asks every feed; one failing feed is reported as unavailable and does not hide the others. */
    static RunStatus collect(RecordStore store, List<StatusFeed> feeds) {
        Builder builder = new Builder();
        for (StatusFeed feed : feeds) {
            try {
                feed.addTo(builder);
            } catch (RuntimeException | LinkageError e) {
                builder.unavailable.add(feed.getClass().getSimpleName() + ": " + e);
            }
        }
        List<LineFence> fences;
        try {
            fences = store.fences();
        } catch (RuntimeException e) {
            fences = List.of();
            builder.unavailable.add("store fences: " + e.getMessage());
        }
        return new RunStatus(Instant.now(), builder.sources, builder.rules, builder.anchoring, fences,
                builder.unavailable, builder.registry);
    }

    /** Every line any part knows, sorted. */
    List<String> lineIds(List<String> storeLines) {
        TreeSet<String> ids = new TreeSet<>(storeLines);
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

    List<SourceStatus> sourcesOf(String lineId) {
        return sources == null ? List.of() : sources.stream().filter(s -> lineId.equals(s.lineId())).toList();
    }

    Optional<RulesStatus> rulesOf(String lineId) {
        return rules == null ? Optional.empty() : rules.stream().filter(r -> lineId.equals(r.lineId())).findFirst();
    }

    Optional<LineStatus> anchoringLine(String lineId) {
        return anchoring == null ? Optional.empty()
                : anchoring.lines().stream().filter(l -> lineId.equals(l.lineId())).findFirst();
    }

    Optional<LineFence> fenceOf(String lineId) {
        return fences.stream().filter(f -> lineId.equals(f.lineId())).findFirst();
    }

    /** Anchoring of a line for its certificates: empty when no anchoring service runs (the state is unknown). */
    Optional<LineAnchoring> anchoringOf(String lineId) {
        if (anchoring == null) {
            return Optional.empty();
        }
        Optional<LineStatus> line = anchoringLine(lineId);
        if (line.isEmpty()) {
            return Optional.of(new LineAnchoring(lineId, AnchoringState.UNKNOWN,
                    "the anchoring service does not report this line yet", null, null));
        }
        LineStatus l = line.get();
        AnchoringState state = switch (l.state()) {
            case OK -> AnchoringState.OK;
            case RETRYING -> AnchoringState.RETRYING;
            case ALARM -> AnchoringState.ALARM;
        };
        String reason = l.reason();
        if (state == AnchoringState.OK && !anchoring.node().reachable()) {
            // the line has nothing to retry yet, but nothing gets anchored while the node is away
            state = AnchoringState.RETRYING;
            reason = "the chain node is not reachable" + (anchoring.node().lastError() == null ? ""
                    : ": " + anchoring.node().lastError());
        }
        return Optional.of(new LineAnchoring(lineId, state, reason, l.since(), l.nextAttempt()));
    }

    /** What needs a look, alarms first: stopped anchoring, fences, rules not started, lost PLC connections. */
    List<Alarm> alarms(List<String> storeLines) {
        List<Alarm> alarms = new ArrayList<>();
        List<Alarm> warnings = new ArrayList<>();
        unavailable.forEach(u -> alarms.add(new Alarm(Level.ALARM, null, "status unavailable: " + u)));
        fences.forEach(f -> alarms.add(new Alarm(Level.ALARM, f.lineId(), "line fenced since "
                + Html.time(f.raisedAt()) + ": the chain expects sequence " + f.chainNextSeq()
                + " next, the store holds up to " + f.storeLastSeq() + " (" + f.reason() + ")")));
        if (anchoring == null) {
            warnings.add(new Alarm(Level.WARNING, null, "anchoring not installed: records are not anchored"));
        } else {
            NodeStatus node = anchoring.node();
            if (!node.reachable()) {
                alarms.add(new Alarm(Level.ALARM, null, "chain node not reachable"
                        + (node.lastError() == null ? "" : ": " + node.lastError())));
            } else if (node.lastError() != null) {
                warnings.add(new Alarm(Level.WARNING, null, "chain node: " + node.lastError()));
            }
            for (LineStatus line : anchoring.lines()) {
                if (line.state() == LineStatus.State.ALARM) {
                    alarms.add(new Alarm(Level.ALARM, line.lineId(), "anchoring alarm: " + line.reason()));
                } else if (line.state() == LineStatus.State.RETRYING) {
                    warnings.add(new Alarm(Level.WARNING, line.lineId(), "anchoring retrying: " + line.reason()));
                }
            }
        }
        if (rules == null) {
            warnings.add(new Alarm(Level.WARNING, null, "rules not installed: no values are recorded"));
        } else {
            for (RulesStatus r : rules) {
                if (!r.started()) {
                    alarms.add(new Alarm(Level.ALARM, r.lineId(), "rules not started: " + r.problem()));
                }
                if (r.spool().pending() > 0) {
                    warnings.add(new Alarm(Level.WARNING, r.lineId(), r.spool().pending()
                            + " record draft(s) held, waiting for the store"
                            + (r.spool().lastStoreError() == null ? "" : ": " + r.spool().lastStoreError())));
                }
            }
        }
        if (sources == null) {
            warnings.add(new Alarm(Level.WARNING, null, "OPC UA source not installed: no line is observed"));
        } else {
            for (SourceStatus s : sources) {
                if (!s.connected()) {
                    alarms.add(new Alarm(Level.ALARM, s.lineId(), "not connected to the PLC at " + s.endpointUrl()
                            + (s.lastError() == null ? "" : ": " + s.lastError())));
                } else if (!s.subscribed()) {
                    warnings.add(new Alarm(Level.WARNING, s.lineId(), "OPC UA subscription being re-created"
                            + (s.lastError() == null ? "" : ": " + s.lastError())));
                }
            }
        }
        alarms.addAll(warnings);
        return List.copyOf(alarms);
    }

    /** Collects what the feeds add. */
    static final class Builder {

        private List<SourceStatus> sources;
        private List<RulesStatus> rules;
        private AnchoringStatus anchoring;
        private Registry registry;
        private final List<String> unavailable = new ArrayList<>();

        Builder sources(List<SourceStatus> statuses) {
            if (sources == null) {
                sources = new ArrayList<>();
            }
            sources.addAll(statuses);
            return this;
        }

        Builder rules(RulesStatus status) {
            if (rules == null) {
                rules = new ArrayList<>();
            }
            rules.add(status);
            return this;
        }

        Builder anchoring(AnchoringStatus status) {
            anchoring = status;
            return this;
        }

        Builder registry(Registry where) {
            registry = where;
            return this;
        }
    }
}
