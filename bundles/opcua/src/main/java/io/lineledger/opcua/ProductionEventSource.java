package io.lineledger.opcua;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Production events read from the plant's PLCs over OPC UA, as one OSGi service for all configured lines. Lines
 * come and go with their configurations; a subscription outlives them. Listeners are called on the client's
 * notification thread, in the order the server reported the values; keep them quick.
 */
public interface ProductionEventSource {

    /**
     * Starts delivering the events of line {@code lineId} to {@code events} and the intervals in which the line was
     * not observed (session or subscription lost, server queue overflow) to {@code gaps}, once each interval has
     * ended. A line that is not configured (yet) is waited for: delivery starts when its configuration appears, and
     * resumes when a removed configuration comes back. Closing the returned handle stops both listeners.
     */
    AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps);

    /** {@link #subscribe(String, Consumer, Consumer)} without a gap listener. */
    default AutoCloseable subscribe(String lineId, Consumer<ProductionEvent> events) {
        return subscribe(lineId, events, gap -> { });
    }

    /** The state of every configured line, sorted by line id, at the time of the call. */
    List<SourceStatus> status();
}
