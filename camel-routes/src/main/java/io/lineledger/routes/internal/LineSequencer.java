package io.lineledger.routes.internal;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import io.lineledger.model.RecordDraft;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * One thing at a time on a line, in the order it happened: values and gaps from OPC UA (on the client's thread) and
 * the rules' timer that releases a held Complete, so a timer's {@code batch-completed} can never be stored after
 * the next batch's {@code batch-started}.
 */
public final class LineSequencer {

    static final String EVENT_ENDPOINT = "direct:production-event";

    private final BatchLifecycle lifecycle;
    private final RecordAppender appender;
    private final ProducerTemplate routes;

    public LineSequencer(BatchLifecycle lifecycle, RecordAppender appender, ProducerTemplate routes) {
        this.lifecycle = lifecycle;
        this.appender = appender;
        this.routes = routes;
    }

    /** Entry of everything the OPC UA endpoint delivers: a gap is recorded here, a value goes to the rules. */
    public synchronized void dispatch(Exchange exchange) {
        if (exchange.getMessage().getBody() instanceof ObservationGap gap) {
            recordGap(gap);
        } else {
            routes.send(EVENT_ENDPOINT, exchange);
        }
    }

    /** First step of the rules: a value measured after a held Complete shows the batch is over; record it now. */
    public ProductionEvent releasePassed(ProductionEvent event) {
        RecordDraft completed = lifecycle.releasePassed(event.lineId(), event.sourceTime());
        if (completed != null) {
            appender.append(completed);
        }
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

    /** A gap becomes a {@code gap} record, and every batch it touches loses its claim to PASS. */
    public synchronized void recordGap(ObservationGap gap) {
        lifecycle.gap(gap);
        appender.append(gap.toDraft());
    }
}
