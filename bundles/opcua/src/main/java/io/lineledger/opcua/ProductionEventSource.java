package io.lineledger.opcua;

import io.lineledger.model.ObservationGap;
import io.lineledger.model.ProductionEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * Production events read from the PLCs over OPC UA, as an OSGi service. Listeners are called on the
 * client's notification thread, in the order the server reported the values; keep them quick.
 */
public interface ProductionEventSource {

    /** Starts delivering events to {@code listener}; closing the returned handle stops it. */
    default AutoCloseable subscribe(Consumer<ProductionEvent> listener) {
        return subscribe(listener, gap -> { });
    }

    /**
     * Starts delivering events to {@code events} and intervals in which the line was not observed (session or
     * subscription lost, server queue overflow) to {@code gaps}, once each interval has ended; closing the
     * returned handle stops both.
     */
    AutoCloseable subscribe(Consumer<ProductionEvent> events, Consumer<ObservationGap> gaps);

    /** The state of each line this source reads, at the time of the call; empty if it cannot tell. */
    default List<SourceStatus> status() {
        return List.of();
    }
}
