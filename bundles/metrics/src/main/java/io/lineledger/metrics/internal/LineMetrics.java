package io.lineledger.metrics.internal;

import io.lineledger.ledger.LineStatus;
import io.lineledger.ledger.NodeStatus;
import io.lineledger.opcua.SourceStatus;
import io.lineledger.routes.DeadLetterCause;
import io.lineledger.routes.RulesStatus;
import io.lineledger.status.Snapshot;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Locale;

/**
 * LineLedger's metrics in Prometheus' text format, read from the parts' status at each scrape (no instrumentation of
 * the hot path: a scrape costs one status read per part and one store query per line). Thread-safe: scrapes are
 * serialized.
 */
public final class LineMetrics {

    /** The Prometheus text format Micrometer writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeterValues values = new MeterValues(registry);

    /** Sets every meter from the snapshot and its health, and returns the exposition. */
    public synchronized String scrape(Snapshot s, Health health) {
        values.begin();
        global(s, health);
        for (String lineId : s.lineIds()) {
            Tags line = Tags.of("line", lineId);
            s.sourceOf(lineId).ifPresent(src -> source(line, src, s));
            s.rulesOf(lineId).ifPresent(rules -> rules(line, rules));
            Long lastSeq = s.storeLastSeq(lineId);
            if (lastSeq != null) {
                values.counter("lineledger.records.stored", "Records the store holds of the line (its last sequence)",
                        line, lastSeq);
            }
            values.gauge("lineledger.store.fenced", "1 while the store refuses the line's appends (chain ahead of "
                    + "the store)", null, line, s.fenceOf(lineId).isPresent() ? 1 : 0);
            s.anchoringOf(lineId).ifPresent(status -> {
                anchoring(line, status, lastSeq);
                java.time.Instant oldest = s.oldestUnanchoredAt().get(lineId);
                values.gauge("lineledger.anchoring.oldest.unanchored.age", "How long ago the line's oldest record "
                        + "not yet anchored was recorded (0: none waits): the anchoring delay records see now",
                        "seconds", line, oldest == null ? 0 : Duration.between(oldest, s.takenAt()).toMillis() / 1000.0);
            });
            values.gauge("lineledger.alarms", "Reasons the line makes /lineledger/health DOWN", null, line,
                    health.reasonsOf(lineId));
        }
        values.end();
        return registry.scrape();
    }

    private void global(Snapshot s, Health health) {
        values.gauge("lineledger.health.up", "1 when /lineledger/health answers UP", null, Tags.empty(),
                health.up() ? 1 : 0);
        values.gauge("lineledger.store.up", "1 when the store could be read", null, Tags.empty(),
                s.storeProblem() == null ? 1 : 0);
        installed("store", s.storeProblem() == null || !s.storeProblem().startsWith("not installed"));
        installed("opcua", s.sources() != null);
        installed("rules", s.rules() != null);
        installed("anchoring", s.anchoring() != null);
        if (s.anchoring() != null) {
            NodeStatus node = s.anchoring().node();
            values.gauge("lineledger.chain.node.reachable", "1 when the last anchoring pass reached the chain node",
                    null, Tags.empty(), node.reachable() ? 1 : 0);
            values.gauge("lineledger.chain.head.block", "The chain node's latest block as last read", null,
                    Tags.empty(), node.headBlock());
            values.gauge("lineledger.chain.id", "The chain id the ledger anchors on (0: not known yet)", null,
                    Tags.empty(), node.anchoringChainId());
        }
    }

    private void installed(String part, boolean installed) {
        values.gauge("lineledger.part.installed", "1 when the part runs in this container", null,
                Tags.of("part", part), installed ? 1 : 0);
    }

    private void source(Tags line, SourceStatus src, Snapshot s) {
        values.gauge("lineledger.opcua.connected", "1 while an OPC UA session to the line's PLC is active", null, line,
                src.connected() ? 1 : 0);
        values.gauge("lineledger.opcua.subscribed", "1 while the line's subscription is live on the server", null,
                line, src.subscribed() ? 1 : 0);
        values.counter("lineledger.opcua.values.received", "Values the OPC UA source delivered", line,
                src.valuesReceived());
        values.counter("lineledger.opcua.gaps", "Intervals in which the line was not observed", line,
                src.gapsReported());
        values.counter("lineledger.opcua.overflows", "Publishes with a server queue overflow or lost notifications",
                line, src.overflows());
        // not "...subscriptions.created": Prometheus reserves the _created suffix
        values.counter("lineledger.opcua.subscriptions", "Subscriptions created (1 plus re-creations)", line,
                src.subscriptionsCreated());
        values.gauge("lineledger.opcua.tag.problems", "Tags of the line with a problem since the last connect (no "
                + "such node, wrong type)", null, line, src.tagProblems().size());
        if (src.lastValueAt() != null) {
            values.gauge("lineledger.opcua.last.value.age", "Time since the line's last value arrived", "seconds",
                    line, Duration.between(src.lastValueAt(), s.takenAt()).toMillis() / 1000.0);
        }
    }

    private void rules(Tags line, RulesStatus rules) {
        values.gauge("lineledger.rules.started", "1 when the line's rules run (0: waiting for the store)", null, line,
                rules.started() ? 1 : 0);
        for (DeadLetterCause cause : DeadLetterCause.values()) {
            values.counter("lineledger.rules.dead.letters", "Values the rules refused, per cause",
                    line.and("cause", cause.name().toLowerCase(Locale.ROOT)),
                    rules.deadLetters().byCause().getOrDefault(cause, 0L));
        }
        values.gauge("lineledger.rules.spool.pending", "Record drafts held in the spool, waiting for the store", null,
                line, rules.spool().pending());
        values.counter("lineledger.rules.spool.held", "Record drafts the store did not take at once", line,
                rules.spool().held());
    }

    private void anchoring(Tags line, LineStatus status, Long storeLastSeq) {
        long last = storeLastSeq == null ? status.storeLastSeq() : storeLastSeq;
        values.gauge("lineledger.anchoring.backlog", "Records stored but not yet anchored", "records", line,
                Math.max(0, last - status.lastAnchoredSeq()));
        values.gauge("lineledger.anchoring.last.anchored.seq", "Highest sequence covered by an anchored job", null,
                line, status.lastAnchoredSeq());
        values.gauge("lineledger.anchoring.chain.next.seq", "The contract's next expected sequence of the line (0: "
                + "not read yet)", null, line, status.chainNextSeq());
        values.gauge("lineledger.anchoring.open.jobs", "Anchor jobs written and not yet anchored", null, line,
                status.openJobs());
        LineStatus.Counters c = status.counters();
        values.counter("lineledger.anchoring.transactions", "Anchor transactions sent with the line's windows (sends,"
                + " resends, replacements; since the ledger started)", line, c.transactionsSent());
        values.counter("lineledger.anchoring.transaction.reverts", "Anchor transactions of the line that reverted or"
                + " left its window out", line, c.transactionsReverted());
        values.counter("lineledger.anchoring.failures", "Anchoring passes over the line that failed (node, revert,"
                + " store, alarm)", line, c.failures());
        values.counter("lineledger.anchoring.windows", "Windows of the line marked anchored", line,
                c.windowsAnchored());
        values.timer("lineledger.anchoring.latency", "From sending a window's transaction to marking the window"
                + " anchored (windows this process sent)", line, c.timedWindows(), c.latencyTotal().toMillis() / 1000.0);
        if (c.lastLatency() != null) {
            values.gauge("lineledger.anchoring.last.latency", "Seconds from sending the latest timed window's"
                    + " transaction to marking it anchored", "seconds", line, c.lastLatency().toMillis() / 1000.0);
        }
        for (LineStatus.State state : LineStatus.State.values()) {
            values.gauge("lineledger.anchoring.state", "1 for the line's current anchoring state", null,
                    line.and("state", state.name()), status.state() == state ? 1 : 0);
        }
    }
}
