package io.lineledger.routes.internal;

import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import io.lineledger.routes.RulesMonitor;
import io.lineledger.routes.RulesStatus;
import io.lineledger.routes.SpoolStatus;
import io.lineledger.store.RecordStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Expression;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.support.ExpressionAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the rules into a Camel context: binds the beans the route files call, sets the placeholders they use
 * and loads the route files (the integrator's, from the route file directory, or the bundle's own in {@code routes/});
 * {@link #reload} replaces changed files in the running context. The OSGi component and the tests both go through
 * here, so the tests run the same routes. The source of events ({@code lineledger-opcua}) is added by the caller.
 *
 * <p>On start the rules first move drafts an earlier run left in the spool into the store, take up the line's
 * unfinished batch; the time they were not observing the line becomes a {@code lineledger-down} gap once the source
 * delivers again.
 */
public final class LineRules implements RulesMonitor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LineRules.class);

    /** How many of the most recent batches (of all lines) to look through for this line's last one. */
    private static final int RESUME_LOOKBACK = 50;
    private static final Duration DRAIN_EVERY = Duration.ofSeconds(1);

    private final RulesSettings settings;
    private final RecordStore store;
    private final RecordSpool spool;
    private final BatchLifecycle lifecycle;
    private final DeadLetters deadLetters;
    private final QualityCheck qualityCheck;
    private final AlarmCheck alarmCheck;
    private final LineTags lineTags;
    private final RecordAppender appender;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    private final Instant downSince;
    private LineSequencer sequencer;
    private RouteSet routes;

    public LineRules(RulesSettings settings, RecordStore store, Clock clock) {
        this.settings = settings;
        this.store = store;
        String lineId = settings.lineId();
        this.spool = new RecordSpool(settings.spoolDirectory());
        this.lifecycle = new BatchLifecycle(settings.line(), clock, settings.completeHold());
        this.lineTags = new LineTags(settings.line());
        this.deadLetters = new DeadLetters(lineId, lifecycle, lineTags::isMeasurement, clock,
                settings.recentDeadLetters());
        this.qualityCheck = new QualityCheck(settings.line(), lifecycle);
        this.alarmCheck = new AlarmCheck(settings.line(), lifecycle);
        this.appender = new RecordAppender(store, spool, lifecycle, settings.appendAttempts(), settings.appendBackoff());
        appender.drain(lineId);
        // the line's last batch may have been running when the rules stopped: take it up where it was
        List<RecordDraft> history = new ArrayList<>();
        store.recentBatches(RESUME_LOOKBACK).stream()
                .filter(batch -> batch.lineId().equals(lineId))
                .findFirst()
                .ifPresent(batch -> store.batch(batch.batchId()).stream()
                        .filter(r -> r.lineId().equals(lineId))
                        .map(r -> new RecordDraft(r.lineId(), r.type(), r.batchId(), r.fields()))
                        .forEach(history::add));
        List<RecordDraft> held = spool.pending(lineId);
        history.addAll(held);
        lifecycle.resume(lineId, history);
        alarmCheck.resume(history);
        // the down time ends when the source delivers again, not now: the subscription may come seconds later
        this.downSince = lastObserved(lineId, held).orElse(null);
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lineledger-rules-" + lineId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Installs the rules with the bundle's own route files. */
    public void install(CamelContext context) throws Exception {
        install(context, RouteFiles.builtIn());
    }

    /**
     * Installs the rules with these route files (name to content, route configuration first); a file that does not
     * load is refused ({@link #routeProblems}) and, when the bundle has a file of its name, the bundle's runs instead.
     */
    public List<RouteSet.Problem> install(CamelContext context, Map<String, String> routeFiles) throws Exception {
        // values are records, never streams: stream caching (on by default) only looked up a converter per step
        context.setStreamCaching(false);
        context.getStreamCachingStrategy().setEnabled(false); // a context started before reads it per exchange
        sequencer = new LineSequencer(lifecycle, appender, context, clock, downSince);
        context.getRegistry().bind("lineSequencer", sequencer);
        context.getRegistry().bind("eventGate", new EventGate());
        context.getRegistry().bind("batchLifecycle", lifecycle);
        context.getRegistry().bind("qualityCheck", qualityCheck);
        context.getRegistry().bind("alarmCheck", alarmCheck);
        context.getRegistry().bind("lineTags", lineTags);
        // for the route files' setHeader (ref: ...): a method call expression copied the exchange for every value
        context.getRegistry().bind("tagRole", ofEvent("tagRole", lineTags::roleOf));
        context.getRegistry().bind("tagBoundary", ofEvent("tagBoundary", lineTags::boundaryOf));
        context.getRegistry().bind("recordAppender", appender);
        context.getRegistry().bind("deadLetters", deadLetters);
        Properties properties = new Properties();
        properties.setProperty("lineledger.lineId", settings.lineId());
        context.getPropertiesComponent().setInitialProperties(properties);
        LineSequencer lineSequencer = sequencer;
        routes = new RouteSet(settings.lineId(), context, new RouteSet.Guard() {
            @Override
            public void exclusive(Runnable replacement) {
                lineSequencer.exclusive(replacement);
            }

            @Override
            public void notObserving(String why) {
                lineSequencer.notObservingSince(clock.instant(), why);
            }
        });
        List<RouteSet.Problem> problems = routes.apply(routeFiles, RouteFiles.builtIn());
        long holdCheck = Math.max(50, settings.completeHold().toMillis() / 4);
        timer.scheduleWithFixedDelay(guarded("releasing held completions", sequencer::releaseOverdue),
                holdCheck, holdCheck, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(guarded("draining the record spool", () -> appender.drain(settings.lineId())),
                DRAIN_EVERY.toMillis(), DRAIN_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        long logEvery = settings.deadLetterLogEvery().toMillis();
        timer.scheduleWithFixedDelay(guarded("logging dead letters", () -> flushDeadLetters()),
                logEvery, logEvery, TimeUnit.MILLISECONDS);
        return problems;
    }

    /** The route files changed: each changed file replaces its previous version, or is refused and that runs on. */
    public List<RouteSet.Problem> reload(Map<String, String> routeFiles) {
        return routes.apply(routeFiles, Map.of());
    }

    /** Route files refused now, with file, line and reason. */
    public List<RouteSet.Problem> routeProblems() {
        return routes == null ? List.of() : routes.problems();
    }

    /** Logs the dead letters since the last call as counts (the timer does this every interval). */
    public Optional<String> flushDeadLetters() {
        return deadLetters.flush(settings.deadLetterLogEvery().toSeconds() + " s");
    }

    /** Moves held drafts into the store now (the timer does this every second); returns how many. */
    public int drainSpool() {
        return appender.drain(settings.lineId());
    }

    /** Completes batches whose Complete was held for the grace time (the timer checks this several times a second). */
    public void releaseOverdueCompletions() {
        sequencer.releaseOverdue();
    }

    @Override
    public RulesStatus status() {
        SpoolStatus spoolStatus = new SpoolStatus(appender.held(), appender.drained(), spool.pending(settings.lineId()).size(),
                appender.lastStoreError());
        return new RulesStatus(settings.lineId(), true, null, lifecycle.runningBatch(settings.lineId()).orElse(null),
                deadLetters.status(), spoolStatus, routeProblems().stream().map(RouteSet.Problem::toString).toList());
    }

    /**
     * Stops the timer, records the batches whose Complete is still held and closes the spool; call after the Camel
     * context stopped (no value comes any more).
     */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sequencer != null) {
            try {
                sequencer.releaseAll();
            } catch (RuntimeException e) {
                LOG.error("Line rules of {}: a held batch completion could not be recorded on stop", settings.lineId(), e);
            }
        }
        try {
            appender.flushGroup(); // a batch the source stopped in the middle of
        } catch (RuntimeException e) {
            LOG.error("Line rules of {}: the last drafts could not be stored or held on stop", settings.lineId(), e);
        }
        spool.close();
    }

    public DeadLetters deadLetters() {
        return deadLetters;
    }

    public BatchLifecycle lifecycle() {
        return lifecycle;
    }

    /**
     * The latest time up to which the line is known to have been observed: the PLC time of its last record (or of
     * the last held draft) when it states one, else when that record was stored; empty for a line without records.
     * PLC time, because values received after the last stored one, and lost with the process, are later by the PLC's
     * clock than it, but not always later than its storing time.
     */
    private Optional<Instant> lastObserved(String lineId, List<RecordDraft> held) {
        if (!held.isEmpty()) {
            Map<String, Object> fields = held.get(held.size() - 1).fields();
            Optional<Instant> plcTime = timesIn(fields.get("sourceTime"), fields.get("to")).max(Instant::compareTo);
            if (plcTime.isPresent()) {
                return plcTime;
            }
        }
        long last = store.lastSeq(lineId);
        return last == 0 ? Optional.empty() : store.find(lineId, last).map(record -> timesIn(
                record.fields().get("sourceTime"), record.fields().get("to")).max(Instant::compareTo)
                .orElse(record.recordedAt()));
    }

    private static Stream<Instant> timesIn(Object... values) {
        return Stream.of(values).filter(String.class::isInstance).map(v -> Instant.parse((String) v));
    }

    /** An expression of the value in the body; a body that is not one fails as a bean's parameter binding would. */
    private static Expression ofEvent(String name, Function<ProductionEvent, String> of) {
        return new ExpressionAdapter() {
            @Override
            public Object evaluate(Exchange exchange) {
                try {
                    return of.apply(exchange.getMessage().getMandatoryBody(ProductionEvent.class));
                } catch (InvalidPayloadException e) {
                    throw RuntimeCamelException.wrapRuntimeCamelException(e);
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    private static Runnable guarded(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Line rules: {} failed; trying again at the next tick", what, e);
            }
        };
    }
}
