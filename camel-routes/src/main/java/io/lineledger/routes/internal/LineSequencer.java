package io.lineledger.routes.internal;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.time.Clock;
import java.time.Instant;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.StatefulService;
import org.apache.camel.support.service.ServiceHelper;

/**
 * One thing at a time on a line, in the order it happened: values and gaps from OPC UA (on the client's thread) and
 * the rules' timer that releases a held Complete, so a timer's {@code batch-completed} can never be stored after
 * the next batch's {@code batch-started}.
 */
public final class LineSequencer {

    static final String EVENT_ENDPOINT = "direct:production-event";

    private final BatchLifecycle lifecycle;
    private final RecordAppender appender;
    private final CamelContext routes;
    private final Clock clock;
    /**
     * The rules' first route, resolved once: resolving its URI for every value cost more than sending to it. Looked up
     * again when route files were replaced ({@link #exclusive}) or Camel stopped it (its route was removed).
     */
    private Endpoint eventEndpoint;
    /**
     * Sends each value into {@link #eventEndpoint} on the caller's thread: held, not taken from a producer template
     * for every value (its producer cache and send events were a few per cent of a line's thread).
     */
    private Producer eventProducer;
    /** Since when the line was not observed (before these rules started); null once that gap is recorded. */
    private Instant downSince;
    private String downDetail = "LineLedger was not observing the line"
            + " (not running, or its rules and OPC UA source not yet started)";

    /**
     * @param downSince the latest time the line was known observed before the rules started, or null (nothing to
     *                  record: a new line)
     */
    public LineSequencer(BatchLifecycle lifecycle, RecordAppender appender, CamelContext routes, Clock clock,
                         Instant downSince) {
        this.lifecycle = lifecycle;
        this.appender = appender;
        this.routes = routes;
        this.clock = clock;
        this.downSince = downSince;
    }

    /**
     * Entry of everything the OPC UA endpoint delivers: a gap is recorded here, a value goes to the rules. The
     * records made from one batch of the source ({@link Exchange#BATCH_SIZE} &gt; 1) are stored together when its
     * last exchange ({@link Exchange#BATCH_COMPLETE}) is done: one commit per batch.
     */
    public synchronized void dispatch(Exchange exchange) {
        boolean inBatch = exchange.getProperty(Exchange.BATCH_SIZE, 1, Integer.class) > 1;
        if (inBatch) {
            appender.openGroup();
        }
        try {
            route(exchange);
        } finally {
            if (inBatch && exchange.getProperty(Exchange.BATCH_COMPLETE, false, Boolean.class)) {
                appender.flushGroup();
            }
        }
    }

    private void route(Exchange exchange) {
        Object body = exchange.getMessage().getBody();
        String lineId = body instanceof ObservationGap gap ? gap.lineId()
                : body instanceof ProductionEvent event ? event.lineId() : null;
        if (downSince != null && lineId != null) {
            // observed again: LineLedger was blind from its last record until this first delivery
            Instant now = clock.instant();
            recordGap(new ObservationGap(lineId, downSince, now.isBefore(downSince) ? downSince : now,
                    ObservationGap.CAUSE_LINELEDGER_DOWN, downDetail));
            downSince = null;
        }
        if (body instanceof ObservationGap gap) {
            recordGap(gap);
        } else {
            if (eventEndpoint == null || eventEndpoint instanceof StatefulService service && !service.isStarted()) {
                stopEventProducer();
                eventEndpoint = routes.getEndpoint(EVENT_ENDPOINT);
            }
            try {
                if (eventProducer == null) {
                    eventProducer = eventEndpoint.createProducer();
                    ServiceHelper.startService(eventProducer);
                }
                eventProducer.process(exchange);
            } catch (Exception e) {
                exchange.setException(e); // as a producer template's send: the route's error handling decides
            }
        }
    }

    private void stopEventProducer() {
        Producer producer = eventProducer;
        eventProducer = null;
        ServiceHelper.stopService(producer);
    }

    /** First step of the rules: a value measured after a held Complete shows the batch is over; record it now. */
    public ProductionEvent releasePassed(ProductionEvent event) {
        lifecycle.releasePassed(event.lineId(), event.sourceTime()).forEach(appender::append);
        return event;
    }

    /** For the timer: completes batches whose Complete was held for the grace time without any later value. */
    public synchronized void releaseOverdue() {
        lifecycle.releaseOverdue().forEach(appender::append);
    }

    /** When the rules stop (no more values come): completes every batch whose Complete is held. */
    public synchronized void releaseAll() {
        lifecycle.releaseAll().forEach(appender::append);
    }

    /**
     * The rules stop reading the line from now until the source delivers again (a route file that reads it is being
     * replaced): that time becomes a {@code lineledger-down} gap.
     */
    public synchronized void notObservingSince(Instant since, String why) {
        if (downSince == null) {
            downSince = since;
            downDetail = why;
        }
    }

    /** Runs {@code task} while no value is processed (values wait on the source's thread meanwhile). */
    public synchronized void exclusive(Runnable task) {
        try {
            task.run();
        } finally {
            stopEventProducer();
            eventEndpoint = null;
        }
    }

    /** A gap becomes a {@code gap} record, and every batch it touches loses its claim to PASS. */
    public synchronized void recordGap(ObservationGap gap) {
        lifecycle.gap(gap);
        appender.append(gap.toDraft());
    }
}
