package io.lineledger.opcua;

import io.lineledger.model.LineObservation;
import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Production events read from the plant's PLCs over OPC UA, as one OSGi service for all configured lines. Lines
 * come and go with their configurations; a subscription outlives them. Listeners are called on a delivery thread of
 * the line (never on the OPC UA client's), one at a time, in the order the server reported the values. A listener
 * slower than the line makes values wait in the line's bounded ingest queue; what does not fit is dropped and
 * reported as an {@link ObservationGap#CAUSE_INGEST_DROPPED} gap, never lost silently.
 */
public interface ProductionEventSource {

    /**
     * Starts delivering the events of line {@code lineId} to {@code events} and the intervals in which the line was
     * not observed (session or subscription lost, server queue overflow) to {@code gaps}, once each interval has
     * ended. A line that is not configured (yet) is waited for: delivery starts when its configuration appears, and
     * resumes when a removed configuration comes back. Values read before the first listener came wait for it in the
     * line's ingest queue. Closing the returned handle stops both listeners.
     */
    AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps);

    /**
     * Like {@link #subscribe(String, Consumer, Consumer)}, with values and gaps handed over in batches, in order: a
     * batch is what arrived since the listener's last one (bounded), so a listener that stores each batch with one
     * commit keeps up with the line however slow a single commit is. This default hands over batches of one.
     */
    default AutoCloseable subscribeBatches(String lineId, Consumer<List<LineObservation>> batches) {
        return subscribe(lineId, event -> batches.accept(List.of(event)), gap -> batches.accept(List.of(gap)));
    }

    /** {@link #subscribe(String, Consumer, Consumer)} without a gap listener. */
    default AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events) {
        return subscribe(lineId, events, gap -> { });
    }

    /** The state of every configured line, sorted by line id, at the time of the call. */
    List<SourceStatus> status();
}
