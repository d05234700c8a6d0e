package io.lineledger.opcua;

import io.lineledger.model.ProductionEvent;
import java.util.function.Consumer;

/**
 * Production events read from the PLCs over OPC UA, as an OSGi service. Listeners are called on the
 * client's notification thread, in the order the server reported the values; keep them quick.
 */
public interface ProductionEventSource {

    /** Starts delivering events to {@code listener}; closing the returned handle stops it. */
    AutoCloseable subscribe(Consumer<ProductionEvent> listener);
}
